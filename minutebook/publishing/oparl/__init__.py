"""OParl 1.1 (https://oparl.org): the minute book as open data, at ``/oparl/v1.1/``.

How the minute book maps onto OParl's objects:

- OParl *Body* (a council): an ``Organisation`` that has boards or committees.
- OParl *Organization*: each board or committee (our ``Body``), and each
  organisation a member represents (an ``Organisation``, named by ``onBehalfOf``).
- *Person*, *Membership*, *Meeting*, *AgendaItem*, *Paper*: the records of the same names.
- *Consultation*: a paper put to a meeting (one per paper).
- *File*: a kept original or published pack PDF (``SourceDocument``), public only.
- *Location*: the venue of meetings, one per distinct venue text.
- *LegislativeTerm*: the municipal years (May to April) the council's meetings fall in.
"""
