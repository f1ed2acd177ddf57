"""Committee's side of Palabre: workspace, weak signals, report, statistics, open data."""
