import sys

from alerts.migrations import main

sys.exit(main())
