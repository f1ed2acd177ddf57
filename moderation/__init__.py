"""Moderators' side of Palabre: charter, queue, masking, flags, tags, offline entry, journal."""
