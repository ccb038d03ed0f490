"""Build-time machinery for the asyncio Tasks guide: runs page snippets for MkDocs."""
