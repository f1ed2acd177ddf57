"""The question circuit: questions to the project owner, their answers (drafted by the
owner, validated by the committee, published as versions), deadlines and the owner's
accountability figures, documents and feeds. Built on ``forum``; ``moderation`` and
``synthesis`` build on it."""
