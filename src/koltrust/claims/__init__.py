"""Fact-check store and claim matching. The retrieval core (``model``, ``ratings``,
``importers``, ``lexical``, ``dense``, ``ranker``, ``retriever``, ``evaluation``) is pure:
no database or web imports."""
