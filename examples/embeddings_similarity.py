"""Text embeddings and cosine similarity: which sentence is closest to a query?

    python examples/embeddings_similarity.py                          # no base URL: starts the emulator
    python examples/embeddings_similarity.py "a dog" "a cat" "a car"  # your own texts (the first is the query)

The texts are embedded concurrently on one client (``asyncio.gather``), then compared with cosine similarity.
On the emulator the vectors come from a hash of the text: identical texts score 1.0 and different ones about
0; the real Marengo model scores related meanings higher.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
from collections.abc import Sequence
from contextlib import AsyncExitStack

from twelvelabs_async import AsyncTwelveLabs

MODEL = "marengo3.0"
DEFAULT_TEXTS = (
    "a dog catching a frisbee",
    "a puppy playing with a ball",
    "traffic on a highway at night",
    "a dog catching a frisbee",
)


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


async def embed(client: AsyncTwelveLabs, text: str) -> list[float]:
    response = await client.embed.create(model_name=MODEL, text=text)
    assert response.text_embedding is not None
    return response.text_embedding.segments[0].embedding


async def main() -> None:
    parser = argparse.ArgumentParser(description="Cosine similarity of text embeddings.")
    parser.add_argument("texts", nargs="*", default=list(DEFAULT_TEXTS), help="the first one is the query")
    parser.add_argument("--base-url", default=os.environ.get("TWELVELABS_BASE_URL"),
                        help="API root (default: $TWELVELABS_BASE_URL; none: start the emulator)")
    args = parser.parse_args()
    if len(args.texts) < 2:
        parser.error("give at least two texts")

    async with AsyncExitStack() as stack:
        api_key = None  # TWELVELABS_API_KEY
        if not args.base_url:
            from twelvelabs_async.emulator import Emulator

            emu = await stack.enter_async_context(Emulator(speed=0))
            args.base_url, api_key = emu.base_url, "tlk_emulator"
        client = await stack.enter_async_context(AsyncTwelveLabs(api_key=api_key, base_url=args.base_url))
        vectors = await asyncio.gather(*(embed(client, text) for text in args.texts))

    print(f"{len(vectors)} embeddings of {len(vectors[0])} dimensions")
    width = max(len(t) for t in args.texts)
    for text, row in zip(args.texts, vectors, strict=True):
        print(f"{text:<{width}}  " + "  ".join(f"{cosine(row, other):+.3f}" for other in vectors))
    query, candidates = args.texts[0], list(zip(args.texts[1:], vectors[1:], strict=True))
    ranked = sorted(candidates, key=lambda item: cosine(vectors[0], item[1]), reverse=True)
    print(f"closest to {query!r}: {ranked[0][0]!r} ({cosine(vectors[0], ranked[0][1]):.3f})")


if __name__ == "__main__":
    asyncio.run(main())
