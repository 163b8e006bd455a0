// Terminal: see DESIGN.md
