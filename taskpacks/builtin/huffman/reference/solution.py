import heapq
import itertools
from collections import Counter


def build_codes(text):
    """Optimal prefix-free code table for the characters of text."""
    counts = Counter(text)
    if len(counts) == 1:
        return {next(iter(counts)): "0"}
    tie = itertools.count()
    heap = [(n, next(tie), {ch: ""}) for ch, n in counts.items()]
    heapq.heapify(heap)
    while len(heap) > 1:
        n1, _, left = heapq.heappop(heap)
        n2, _, right = heapq.heappop(heap)
        merged = {ch: "0" + code for ch, code in left.items()}
        merged.update({ch: "1" + code for ch, code in right.items()})
        heapq.heappush(heap, (n1 + n2, next(tie), merged))
    return heap[0][2] if heap else {}


def encode(text, codes):
    """Concatenate the codes of the characters of text."""
    try:
        return "".join(codes[ch] for ch in text)
    except KeyError as exc:
        raise ValueError(f"no code for {exc.args[0]!r}") from None


def decode(bits, codes):
    """Decode a bit string with a prefix-free code table."""
    trie = {}
    for ch, code in codes.items():
        if not code or set(code) - {"0", "1"}:
            raise ValueError(f"invalid code {code!r}")
        node = trie
        for bit in code:
            if "leaf" in node:
                raise ValueError("code table is not prefix-free")
            node = node.setdefault(bit, {})
        if node:
            raise ValueError("code table is not prefix-free")
        node["leaf"] = ch
    out = []
    node = trie
    for bit in bits:
        if bit not in "01":
            raise ValueError(f"invalid bit {bit!r}")
        if bit not in node:
            raise ValueError("bit sequence matches no code")
        node = node[bit]
        if "leaf" in node:
            out.append(node["leaf"])
            node = trie
    if node is not trie:
        raise ValueError("bits end in the middle of a code")
    return "".join(out)
