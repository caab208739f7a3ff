def reverse_words(s):
    """Reverse the characters of each word, keeping all whitespace in place."""
    out = []
    word = []
    for ch in s:
        if ch.isspace():
            out.append("".join(reversed(word)))
            word = []
            out.append(ch)
        else:
            word.append(ch)
    out.append("".join(reversed(word)))
    return "".join(out)
