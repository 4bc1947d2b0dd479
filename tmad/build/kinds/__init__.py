"""One module per kind of product, each declaring its :class:`~tmad.build.job.ProductKind`:
which products of that kind a project publishes, in which formats, and how each is made.
:mod:`tmad.build.plan` lists them; adding a kind is one module here and one entry there."""
