// Filled in by the classifier work (issue 3).
