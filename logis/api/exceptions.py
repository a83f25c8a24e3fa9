class ApiSettingsError(Exception):
    """A request about the API's settings (keys, webhooks) that is refused, worded for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
