"""The fuzz harness of govreport_io (see docs/reliability.md).

- :mod:`fuzz.mutate`: hypothesis strategies that damage the files of samples/ the way
  attackers and unlucky users do, one family of damage per format.
- :mod:`fuzz.hostile`: hostile structures built on purpose (deep HTML, huge text nodes,
  100k-row tables, zip bombs, /dev/zero).
- :mod:`fuzz.reports`: generated Reports with hostile text, for every writer.
- :mod:`fuzz.worker`: runs each case in a worker process under a time and memory cap and
  classifies the outcome (clean, clean error, unclean error, budget overrun, uncaught,
  silent truncation, dropped).
- :mod:`fuzz.campaign`: drives the strategies, counts outcomes, saves what fails under
  tests/fuzz_corpus/. ``python -m fuzz --help`` (``make fuzz``) runs a campaign.
"""
