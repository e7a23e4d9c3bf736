class BackupError(Exception):
    """A backup or restore refused or failed; the message tells the operator why and what to
    do. Whatever was being restored is left as it was."""
