def parse_date(text):
    """Parse 'YYYY-MM-DD' into a (year, month, day) tuple."""
    pass


def format_date(date, fmt):
    """Format a (year, month, day) tuple with %Y %m %d %B %b %j %A %% directives."""
    pass


def days_between(a, b):
    """Days from date string a to date string b."""
    pass


def weekday(date):
    """Day of the week of a date tuple: 0 = Monday ... 6 = Sunday."""
    pass
