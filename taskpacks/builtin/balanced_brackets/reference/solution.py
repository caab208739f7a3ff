PAIRS = {")": "(", "]": "[", "}": "{"}


def first_error(s):
    """Index of the first bracket error in s, or -1 if s is balanced."""
    stack = []
    for i, ch in enumerate(s):
        if ch in "([{":
            stack.append(i)
        elif ch in PAIRS:
            if not stack or s[stack[-1]] != PAIRS[ch]:
                return i
            stack.pop()
    return stack[0] if stack else -1


def is_balanced(s):
    """True if the brackets ()[]{} in s are balanced."""
    return first_error(s) == -1
