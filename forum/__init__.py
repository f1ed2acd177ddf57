"""Public side of Palabre: debates, themes, contributions, accounts and open data."""
