"""The demo debates and the synthetic corpus: ``flask --app app demo [--size N]``.

Sits after ``forum``, ``moderation`` and ``synthesis`` (it builds its data through their
services); none of them imports it. The prose is in ``demo/data/*.yaml``.
"""
