# A text-embedding adapter for a RAG pipeline, as public projects wrap the 1.0-era SDK.
# Stands for: the Langflow "Twelve Labs Text Embeddings" component (embed_documents / embed_query over
# client.embed.create(model_name=..., text=...), reading result.text_embedding.segments), the Qdrant
# documentation's Twelve Labs page, and the many RAG services found by searching "segments[0].float_" that take
# `response.text_embedding.segments[0].float_` as the vector, some defensively with
# `getattr(segment, "float_", None)` and a zero-vector fallback ("graceful degradation").
# Era: official SDK 1.0.0 against the mid-2025 API (emulator surface "2025").
import math
import os
import sys
from typing import List

from twelvelabs import TwelveLabs

BASE_URL = os.environ.get("TWELVELABS_BASE_URL") or sys.argv[1]
API_KEY = os.environ.get("TWELVELABS_API_KEY") or sys.argv[2]
DIMENSIONS = 1024


class TwelveLabsTextEmbeddings:
    """The shape of a LangChain-style Embeddings class."""

    def __init__(self, api_key: str, model: str) -> None:
        self.client = TwelveLabs(api_key=api_key, base_url=BASE_URL)
        self.model = model

    def _embed(self, text: str) -> List[float]:
        try:
            result = self.client.embed.create(model_name=self.model, text=text)
            segments = result.text_embedding.segments or [] if result.text_embedding else []
            vector = getattr(segments[0], "float_", None) if segments else None
            if not vector:
                print("  (no vector in the response; using zeros)")
                return [0.0] * DIMENSIONS
            return list(vector)
        except Exception as e:
            print(f"  embedding failed: {type(e).__name__}")
            return [0.0] * DIMENSIONS

    def embed_documents(self, texts: List[str]) -> List[List[float]]:
        return [self._embed(text) for text in texts if text]

    def embed_query(self, text: str) -> List[float]:
        return self._embed(text)


def cosine(a: List[float], b: List[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


embedder = TwelveLabsTextEmbeddings(api_key=API_KEY, model="Marengo-retrieval-2.7")
documents = ["a dog running in a park", "a cat sleeping on a sofa", "traffic at night in the city",
             "people cooking in a kitchen"]
vectors = embedder.embed_documents(documents)
print(f"embedded {len(vectors)} documents of {sorted({len(v) for v in vectors})} dimensions")
query = embedder.embed_query("puppy playing outdoors")
ranked = sorted(zip(documents, vectors), key=lambda dv: cosine(query, dv[1]), reverse=True)
for document, vector in ranked:
    print(f"  {cosine(query, vector):+.4f}  {document}")

# The direct form most snippets use.
response = embedder.client.embed.create(model_name="Marengo-retrieval-2.7", text="sunset over the sea")
vector = response.text_embedding.segments[0].float_
print(f"direct: {len(vector)} values, first {round(vector[0], 6)}, model={response.model_name}")
