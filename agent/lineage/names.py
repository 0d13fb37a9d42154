"""Upstream names: normalising, Hub-id recognition and the words that are never dataset names."""

from __future__ import annotations

import re

from agent.refs import is_repo_id

# Words that end a dataset name and carry no identity: "the GENIA corpus" -> "genia"
HEAD_NOUNS = (
    "dataset",
    "datasets",
    "corpus",
    "corpora",
    "benchmark",
    "treebank",
    "collection",
    "data",
    "challenge",
    "database",
    "dump",
    "set",
    "task",
)
_SPACES = re.compile(r"(\s+)")  # "the GENIA  corpus" -> ["the", " ", "GENIA", "  ", "corpus"]

# Acronyms and words that look like names but are tools, venues, formats or crowd platforms.
# Example: "collected from AMT workers" must not yield an upstream "AMT".
NOT_DATASETS = {
    "i",
    "ai",
    "nlp",
    "us",
    "usa",
    "uk",
    "eu",
    "api",
    "url",
    "id",
    "ids",
    "pdf",
    "html",
    "json",
    "csv",
    "tsv",
    "xml",
    "amt",
    "mturk",
    "nli",
    "qa",
    "ner",
    "pos",
    "srl",
    "mt",
    "asr",
    "ocr",
    "acl",
    "emnlp",
    "naacl",
    "eacl",
    "coling",
    "lrec",
    "neurips",
    "nips",
    "iclr",
    "icml",
    "aaai",
    "ijcai",
    "arxiv",
    "github",
    "gitlab",
    "readme",
    "license",
    "bcp47",
    "iso",
    "utf8",
    "ascii",
    "cc",
    "ccby",
    "ccbysa",
    "mit",
    "gpl",
    "apache",
    "sql",
    "http",
    "https",
    "faq",
    "tbd",
    "todo",
    "nsf",
    "darpa",
    "iarpa",
    "phd",
    "msc",
    "ceo",
    "dna",
    "rna",
    "covid19",
    "gpu",
    "cpu",
    "tpu",
    "nlg",
    "nlu",
    "nmt",
    "smt",
    "ir",
    "kb",
    "llm",
    "lm",
    "rss",
    "doi",
    "isbn",
    "uri",
}
# Languages and nationalities: "Polish tweets", "translated from English" name no source.
LANGUAGES = set(
    [
        "english",
        "french",
        "german",
        "spanish",
        "chinese",
        "arabic",
        "hindi",
        "russian",
        "japanese",
        "korean",
        "portuguese",
        "italian",
        "dutch",
        "turkish",
        "vietnamese",
        "bengali",
        "bangla",
        "polish",
        "indonesian",
        "filipino",
        "tagalog",
        "philippine",
        "swedish",
        "danish",
        "norwegian",
        "finnish",
        "estonian",
        "latvian",
        "lithuanian",
        "czech",
        "slovak",
        "slovenian",
        "croatian",
        "serbian",
        "bosnian",
        "bulgarian",
        "romanian",
        "hungarian",
        "greek",
        "hebrew",
        "persian",
        "farsi",
        "urdu",
        "punjabi",
        "gujarati",
        "marathi",
        "tamil",
        "telugu",
        "kannada",
        "malayalam",
        "sinhala",
        "nepali",
        "thai",
        "lao",
        "khmer",
        "burmese",
        "malay",
        "swahili",
        "yoruba",
        "igbo",
        "hausa",
        "amharic",
        "somali",
        "zulu",
        "xhosa",
        "afrikaans",
        "catalan",
        "basque",
        "galician",
        "welsh",
        "irish",
        "icelandic",
        "ukrainian",
        "belarusian",
        "kazakh",
        "uzbek",
        "mongolian",
        "tibetan",
        "cantonese",
        "mandarin",
        "american",
        "british",
        "european",
        "african",
        "asian",
        "indian",
        "brazilian",
        "mexican",
        "canadian",
        "australian",
        "multilingual",
    ]
)

# Pretrained NLP models and tools: "based on BERT" names a model, not data it was built from.
NLP_MODELS = {
    "bert",
    "mbert",
    "roberta",
    "xlmroberta",
    "xlmr",
    "distilbert",
    "albert",
    "electra",
    "xlnet",
    "elmo",
    "t5",
    "mt5",
    "bart",
    "mbart",
    "xlm",
    "ernie",
    "deberta",
    "word2vec",
    "glove",
    "fasttext",
    "spacy",
    "nltk",
    "corenlp",
    "stanfordcorenlp",
    "stanza",
    "moses",
    "bpe",
    "sentencepiece",
    "transformer",
    "transformers",
    "lstm",
    "bilstm",
    "crf",
    "cnn",
    "rnn",
    "dpr",
    "bm25",
    "tfidf",
    "pytorch",
    "tensorflow",
    "keras",
    "huggingface",
    "scikitlearn",
    "opennmt",
    "fairseq",
}


def norm_name(name: str) -> str:
    """Compare key for dataset names: "The SQuAD dataset" -> "squad", "Natural_Questions" -> "naturalquestions"."""
    text = re.sub(r"\[|\]|\([^()\n]*\)", " ", name or "")  # [^()]: linear on "((((..."
    text = re.sub(r"^\s*(?:the|a|an)\s+", "", text.strip(), flags=re.I)
    text = _drop_head_nouns(text)
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _drop_head_nouns(text: str) -> str:
    """ "GENIA corpus data" -> "GENIA"; the first word stays. (A regex "(\\s+noun)+$" is quadratic.)"""
    parts = _SPACES.split(text)
    while len(parts) >= 3 and parts[-1].lower() in HEAD_NOUNS:
        del parts[-2:]
    return "".join(parts)


def is_hub_id(text: str) -> bool:
    """'squad', 'allenai/c4' -> True; 'Common Crawl', 'other-Common-Crawl' -> False."""
    if not text or text.lower().startswith("other-"):  # the Hub's "other-*" source placeholders
        return False
    return is_repo_id(text)


def is_stop_name(name: str) -> bool:
    """True for names that are never datasets: tools, venues, languages, pretrained models."""
    key = re.sub(r"[^a-z0-9]", "", (name or "").lower())
    return not key or key in NOT_DATASETS or key in NLP_MODELS or key in LANGUAGES or key.isdigit()


def aliases(name: str) -> set[str]:
    """Keys under which one dataset may be named twice in a card.

    "GENIA version 3.02 corpus" and "genia-v3.02" -> {"genia302"}; "Stanford Question Answering
    Dataset (SQuAD)" -> {"stanfordquestionanswering", "squad"}; "squad_v2" stays apart from "squad".
    """
    unversioned = re.sub(r"(?i)\b(?:version|ver\.?|v)\s*(?=\d)", "", name or "")
    keys = {norm_name(unversioned)}
    keys |= {
        norm_name(p)
        for p in re.findall(r"\(([^()]{2,40})\)", unversioned)
        if not re.search(r"\d{4}", p)
    }
    return {k for k in keys if len(k) >= 2}
