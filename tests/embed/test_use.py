"""Our USE front end against the package's own encoder, and runs against real concatenations."""

from __future__ import annotations

import numpy as np
import pytest

from align.embed.use import UseGroupEncoder

SENTENCES = [
    "L’Assemblée générale,",
    "Rappelant ses résolutions 37/4 du 22 octobre 1982 et 38/4 du 28 octobre 1983,",
    "The General Assembly, recalling its resolutions on cooperation between the two organizations,",
    "Notes with satisfaction the active participation of the Organization of Islamic Cooperation.",
    "Prie le Secrétaire général de lui rendre compte, à sa soixante-treizième session.",
    "Requests the Secretary-General to submit to it at its seventy-third session a report.",
    "Ein Satz auf Deutsch über die Alpen und den Himalaya.",
    "",
    "x",
    "Encourage les institutions spécialisées et autres organismes des Nations Unies à coopérer.",
]


@pytest.fixture(scope="module")
def enc() -> UseGroupEncoder:
    return UseGroupEncoder(threads=2)


def test_single_sentences_match_the_package(enc):
    ours = enc.encode(SENTENCES)
    theirs = enc._use.encode(SENTENCES)
    assert ours.shape == (len(SENTENCES), 512) and ours.dtype == np.float32
    assert np.min(np.sum(ours * theirs, axis=1)) > 0.99999


def test_fast_tokenizer_gives_the_same_pieces(enc):
    slow = enc._use._tokenizer
    for s in SENTENCES:
        assert enc._ids([s])[0] == slow.encode(s, out_type=int, add_bos=True, add_eos=True)


def test_runs_are_close_to_embedding_the_joined_text(enc):
    # A real passage: runs of consecutive sentences of one document, as the aligner embeds them.
    from align.prepare import load_document
    from tests.fixtures.paths import CORPUS

    real = load_document(CORPUS / "fr.txt", "fr").texts()[5:25]
    sums = enc.token_sums(real)
    for k in (2, 3, 4):
        runs = enc.group_embeddings(sums, k)
        joined = enc.encode([" ".join(real[i:i + k]) for i in range(len(real) - k + 1)])
        cos = np.sum(runs * joined, axis=1)
        assert runs.shape == (len(real) - k + 1, 512)
        assert cos.mean() > 0.98 and cos.min() > 0.9
    assert enc.group_embeddings(sums, len(real) + 1).shape == (0, 512)


def test_run_of_one_is_the_sentence(enc):
    sums = enc.token_sums(SENTENCES)
    assert np.allclose(enc.group_embeddings(sums, 1), enc.encode(SENTENCES), atol=1e-5)


def test_clause_embeddings_are_close_to_encoding_the_clause_alone(enc):
    from align.prepare import load_document
    from align.text.clauses import clause_cuts
    from tests.fixtures.paths import CORPUS

    real = load_document(CORPUS / "en.txt", "en").texts()[3:40]
    heads, tails, cut = enc.clause_embeddings(enc.token_sums(real, clauses=True))
    assert cut.any() and not cut.all()
    sentences = enc.encode(real)
    assert np.allclose(heads[~cut], sentences[~cut], atol=1e-5) and np.allclose(tails[~cut], sentences[~cut], atol=1e-5)
    idx = np.flatnonzero(cut)
    alone_h = enc.encode([real[i][:clause_cuts(real[i])[0]] for i in idx])
    alone_t = enc.encode([real[i][clause_cuts(real[i])[1]:] for i in idx])
    cos_h, cos_t = np.sum(heads[idx] * alone_h, axis=1), np.sum(tails[idx] * alone_t, axis=1)
    assert cos_h.mean() > 0.93 and cos_t.mean() > 0.95 and min(cos_h.min(), cos_t.min()) > 0.8


def test_clauses_need_clause_sums(enc):
    with pytest.raises(ValueError):
        enc.clause_embeddings(enc.token_sums(SENTENCES))
