import sys

from mutualis.engine.bench.run import main

sys.exit(main())
