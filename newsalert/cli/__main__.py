"""`python -m newsalert.cli`: the same as the `newsalert` command."""

from newsalert.cli import main

main()
