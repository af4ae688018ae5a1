"""``python -m pipeline.contract``: write ``dvc.yaml`` from the contract."""

import sys

from pipeline.contract.dvcfile import main

sys.exit(main())
