"""``python -m awsref``: the same entry point as the ``awsref`` console script."""

from awsref.entry import main

main()
