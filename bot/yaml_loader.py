"""The YAML loader every file of ours is read with: libyaml's safe loader where PyYAML was built with it.

Ten times the pure-Python one, and the working-group file, the thesaurus and the Korean lexicon are read on
every start of `partnerbot ask` (0.13 s of its cold start before).
"""

from __future__ import annotations

import yaml

YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
