// Simulation: see DESIGN.md
