// Integrations: see DESIGN.md
