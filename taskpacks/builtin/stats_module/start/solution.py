def mean(data):
    """Arithmetic mean of data (float)."""
    pass


def median(data):
    """Median of data."""
    pass


def mode(data):
    """Most frequent value; ties go to the smallest value."""
    pass


def stdev(data, sample=True):
    """Sample (default) or population standard deviation."""
    pass
