"""Terms that bind data generated with a model: provider, LicenseRef id, restrictions, facts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.prefilter import Prefiltered


@dataclass(frozen=True)
class ModelTerms:
    """The terms of use of one model family, as they bear on data the model generated."""

    provider: str  # "openai", "anthropic", ...
    family: str  # human name of the family: "OpenAI GPT-3.5/4 and ChatGPT"
    license: str  # SPDX id or LicenseRef-* for the provider's own terms
    url: str  # where the terms are published
    text: str  # one-line summary of what matters for generated data
    commercial_use: str  # yes | no | unclear, for data generated with the model
    attribution_required: bool
    share_alike: bool
    restrictions: tuple[str, ...] = field(default_factory=tuple)
    # model names in text; the default matches nothing
    pattern: re.Pattern = field(default=re.compile(r"(?!)"), compare=False, repr=False)

    def facts(self) -> tuple[str, bool, bool]:
        return self.commercial_use, self.attribution_required, self.share_alike


def _rx(text: str) -> re.Pattern:
    return re.compile(text, re.I)


# Order matters: the first family whose pattern matches a name wins (GPT-2 before GPT-3/4).
MODEL_TERMS: tuple[ModelTerms, ...] = (
    ModelTerms(
        "openai",
        "OpenAI GPT-2",
        "LicenseRef-OpenAI-GPT-2-Modified-MIT",
        "https://github.com/openai/gpt-2/blob/master/LICENSE",
        "GPT-2 weights are released under a modified MIT license; OpenAI claims no rights in outputs.",
        "yes",
        True,
        False,
        ("keep the license notice when redistributing the model",),
        _rx(r"\bGPT-?2(?:[- ](?:small|medium|large|xl))?\b"),  # "GPT-2", "GPT2-large"
    ),
    ModelTerms(
        "openai",
        "OpenAI gpt-oss",
        "Apache-2.0",
        "https://huggingface.co/openai/gpt-oss-120b",
        "gpt-oss-20b and gpt-oss-120b weights are released under Apache-2.0 with a usage policy.",
        "yes",
        True,
        False,
        ("gpt-oss usage policy applies",),
        _rx(r"\bgpt-oss(?:-\d+b)?\b"),  # "gpt-oss-20b", "GPT-OSS 120B"
    ),
    ModelTerms(
        "openai",
        "OpenAI GPT-3/3.5/4, ChatGPT, text-davinci",
        "LicenseRef-OpenAI-Terms-of-Use",
        "https://openai.com/policies/terms-of-use",
        "OpenAI's terms forbid using Output to develop models that compete with OpenAI.",
        "unclear",
        False,
        False,
        (
            "outputs may not be used to develop models that compete with OpenAI",
            "usage policies apply to the use of outputs",
        ),
        # "GPT-4o", "GPT-3.5-turbo", "ChatGPT", "text-davinci-003", "InstructGPT", "OpenAI's API"
        # "GPT-5.1", "gpt-4.1-mini", "o3-mini", "o4-mini-high", "DALL-E 3", "GPT-4V",
        # "the OpenAI ChatCompletion API"
        _rx(
            r"\b(?:chat-?gpt|gpt-?(?:3(?:\.5)?|4(?:\.\d)?|5(?:\.\d)?)(?:o|v|-?turbo|-?\d+b)?(?:-(?:mini|nano|pro|codex))?|"
            r"(?:text|code)-(?:davinci|curie|babbage|ada)(?:-\d{3})?|davinci-\d{3}|dall-?e(?:[- ]?[23])?|"
            r"(?-i:o[134](?:-mini|-pro|-preview)(?:-high|-low)?)|"
            r"instructgpt|openai(?:'s)?\s+(?:[\w.-]+\s+)?(?:api|models?|o\d(?:-mini)?))\b"
            r"|\bgpt(?![-\w]|\.\d)"
        ),  # a bare "GPT" is OpenAI's; "GPT-J" and "GPT-Neo" are not
    ),
    ModelTerms(
        "anthropic",
        "Anthropic Claude",
        "LicenseRef-Anthropic-Terms",
        "https://www.anthropic.com/legal/commercial-terms",
        "Anthropic's terms forbid using the services or outputs to build competing AI models.",
        "unclear",
        False,
        False,
        (
            "outputs may not be used to develop competing models or services",
            "Anthropic usage policy applies",
        ),
        # "Claude 3 Opus", "claude-3-opus-20240229", "the Anthropic API"
        _rx(
            r"\bclaude(?:[- ](?:instant|\d(?:\.\d)?|opus|sonnet|haiku))*\b"
            r"|\banthropic(?:'s)?\s+(?:api|models?)\b"
        ),
    ),
    ModelTerms(
        "google",
        "Google Gemini, PaLM, Bard",
        "LicenseRef-Google-Gemini-API-Terms",
        "https://ai.google.dev/gemini-api/terms",
        "The Gemini API terms forbid using the services to develop models that compete with them.",
        "unclear",
        False,
        False,
        (
            "outputs may not be used to develop competing models",
            "Generative AI Prohibited Use Policy applies",
        ),
        _rx(
            r"\b(?:gemini(?:[- ](?:pro|ultra|flash|nano|\d(?:\.\d)?))*|palm[- ]?2|palm[- ]\d+b|palm\s+(?:api|models?)|bard)\b"
        ),
    ),
    ModelTerms(
        "google",
        "Google Gemma",
        "LicenseRef-Gemma-Terms-of-Use",
        "https://ai.google.dev/gemma/terms",
        "Gemma terms bind Model Derivatives, including models trained on Gemma outputs; prohibited uses apply.",
        "unclear",
        True,
        True,
        (
            "models trained on outputs are Model Derivatives under the same terms",
            "Gemma Prohibited Use Policy applies",
        ),
        _rx(r"\bgemma(?:[- ]?\d)?(?:[- ]\d+b)?\b"),  # "Gemma 2 9B"
    ),
    ModelTerms(
        "meta",
        "Meta Llama 2",
        "LicenseRef-Llama-2-Community-License",
        "https://ai.meta.com/llama/license/",
        "Llama 2 Community License: outputs may not improve other LLMs; licence needed above 700M MAU.",
        "unclear",
        True,
        False,
        (
            "outputs may not be used to improve any other large language model",
            "separate licence needed above 700 million monthly active users",
            "Acceptable Use Policy applies",
        ),
        _rx(r"\b(?:llama[- ]?2|llama-2-\d+b(?:-chat)?)\b"),  # "Llama 2", "Llama-2-70b-chat"
    ),
    ModelTerms(
        "meta",
        "Meta Llama 3.x",
        "LicenseRef-Llama-3-Community-License",
        "https://www.llama.com/llama3/license/",
        "Llama 3 Community License: 'Built with Llama' notice, 'Llama' name prefix for derived models, 700M MAU.",
        "yes",
        True,
        False,
        (
            "models trained on outputs must be named 'Llama ...' and credit 'Built with Llama'",
            "separate licence needed above 700 million monthly active users",
            "Acceptable Use Policy applies",
        ),
        _rx(r"\b(?:meta[- ])?llama[- ]?3(?:\.\d)?(?:[- ]\d+b)?\b"),  # "Llama 3.1 70B"
    ),
    ModelTerms(
        "meta",
        "Meta Llama 4",
        "LicenseRef-Llama-4-Community-License",
        "https://www.llama.com/llama4/license/",
        "Llama 4 Community License: 'Built with Llama' notice, 'Llama' name prefix for derived models, 700M MAU.",
        "yes",
        True,
        False,
        (
            "models trained on outputs must be named 'Llama ...' and credit 'Built with Llama'",
            "separate licence needed above 700 million monthly active users",
        ),
        _rx(
            r"\b(?:meta[- ])?llama[- ]?4(?:[- ](?:scout|maverick|behemoth))?\b"
        ),  # "Llama 4 Maverick"
    ),
    ModelTerms(
        "mistral",
        "Mistral open-weight models",
        "Apache-2.0",
        "https://mistral.ai/news/announcing-mistral-7b/",
        "Mistral 7B and Mixtral weights are released under Apache-2.0.",
        "yes",
        True,
        False,
        (),
        _rx(r"\b(?:mistral[- ]7b(?:[- ]instruct)?(?:[- ]v0\.\d)?|mixtral(?:[- ]8x\d+b)?)\b"),
    ),
    ModelTerms(
        "mistral",
        "Mistral AI hosted models",
        "LicenseRef-Mistral-AI-Terms",
        "https://mistral.ai/terms/",
        "Mistral AI's commercial terms govern outputs of its hosted (non-open) models.",
        "unclear",
        False,
        False,
        ("hosted-model terms apply to outputs",),
        # "Mistral Large", "the Mistral AI API"
        _rx(
            r"\bmistral[- ](?:large|medium|small)\b|\ble chat\b|\bmistral(?:\s+ai)?(?:'s)?\s+api\b"
        ),
    ),
    ModelTerms(
        "alibaba",
        "Alibaba Qwen",
        "LicenseRef-Qwen-License",
        "https://huggingface.co/Qwen/Qwen2.5-72B-Instruct/blob/main/LICENSE",
        "Qwen terms vary by model: Apache-2.0 for most, the Qwen License (100M MAU cap) for others.",
        "unclear",
        True,
        False,
        (
            "license depends on the model size and version",
            "Qwen License: separate licence needed above 100 million monthly active users",
        ),
        _rx(
            r"\bqwen(?:[- ]?\d(?:\.\d)?)?(?:[- ](?:\d+(?:\.\d+)?b|max|plus|turbo|chat|instruct))*\b"
        ),
    ),
    ModelTerms(
        "deepseek",
        "DeepSeek-R1",
        "MIT",
        "https://github.com/deepseek-ai/DeepSeek-R1/blob/main/LICENSE",
        "DeepSeek-R1 weights and outputs may be used commercially and for distillation (MIT).",
        "yes",
        True,
        False,
        (),
        _rx(
            r"\bdeepseek[- ]r1(?:[- ]distill)?\b"
        ),  # "DeepSeek-R1", listed before other DeepSeek models
    ),
    ModelTerms(
        "deepseek",
        "DeepSeek models (V2, V3, Coder...)",
        "LicenseRef-DeepSeek-Model-License",
        "https://github.com/deepseek-ai/DeepSeek-V3/blob/main/LICENSE-MODEL",
        "DeepSeek Model License: commercial use allowed; use-based restrictions travel with derivatives.",
        "yes",
        True,
        False,
        ("use-based restrictions (Attachment A) bind derivatives",),
        _rx(r"\bdeepseek(?:[- ](?:v\d(?:\.\d)?|coder|llm|math|chat))*\b"),
    ),
    ModelTerms(
        "microsoft",
        "Microsoft Phi",
        "MIT",
        "https://huggingface.co/microsoft/phi-2/blob/main/LICENSE",
        "Phi-2, Phi-3 and Phi-4 weights are released under MIT.",
        "yes",
        True,
        False,
        (),
        _rx(r"\bphi-[234](?:\.5)?(?:-(?:mini|small|medium|vision))?\b"),  # "Phi-3-mini"
    ),
    ModelTerms(
        "tii",
        "TII Falcon 7B/40B",
        "Apache-2.0",
        "https://huggingface.co/tiiuae/falcon-40b",
        "Falcon-7B and Falcon-40B are released under Apache-2.0.",
        "yes",
        True,
        False,
        (),
        _rx(r"\bfalcon[- ](?:7b|40b)(?:[- ]instruct)?\b"),
    ),
    ModelTerms(
        "tii",
        "TII Falcon 180B",
        "LicenseRef-Falcon-180B-TII-License",
        "https://huggingface.co/spaces/tiiuae/falcon-180b-license/blob/main/LICENSE.txt",
        "Falcon-180B TII License: acceptable use policy; hosting it as a service needs permission.",
        "unclear",
        True,
        False,
        ("acceptable use policy applies", "hosting use needs a separate licence"),
        _rx(r"\bfalcon[- ]180b(?:[- ]chat)?\b"),
    ),
    ModelTerms(
        "salesforce",
        "Salesforce CTRL",
        "BSD-3-Clause",
        "https://github.com/salesforce/ctrl",
        "CTRL code and weights are released under BSD-3-Clause.",
        "yes",
        True,
        False,
        (),
        _rx(r"\b(?-i:CTRL)\b"),  # upper case only: "ctrl" is a key, "CTRL" the model
    ),
    ModelTerms(
        "minimax",
        "MiniMax models",
        "LicenseRef-MiniMax-Model-Terms",
        "https://github.com/MiniMax-AI/MiniMax-M1",
        "MiniMax open weights come under MIT or the MiniMax model agreement; hosted-API outputs under MiniMax terms.",
        "unclear",
        True,
        False,
        ("terms depend on the model and on API vs weights",),
        _rx(r"\bminimax(?:[- ](?:m\d|text-\d+|abab[\d.]+))?\b"),  # "MiniMax-M1", "MiniMax-Text-01"
    ),
    ModelTerms(
        "moonshot",
        "Moonshot Kimi",
        "LicenseRef-Kimi-Modified-MIT",
        "https://huggingface.co/moonshotai/Kimi-K2-Instruct",
        "Kimi K2 weights: MIT with a display-attribution clause for very large products.",
        "yes",
        True,
        False,
        ("attribution clause for products above 100M MAU or $20M monthly revenue",),
        _rx(r"\bkimi(?:[- ]k\d(?:[- ]instruct)?)?\b"),  # "Kimi-K2-Instruct"
    ),
    ModelTerms(
        "zhipu",
        "Zhipu GLM / ChatGLM",
        "LicenseRef-GLM-Model-Terms",
        "https://huggingface.co/THUDM/glm-4-9b/blob/main/LICENSE",
        "GLM licences vary: recent GLM-4.5 under MIT, earlier GLM-4/ChatGLM under the GLM-4 licence (registration).",
        "unclear",
        True,
        False,
        ("terms depend on the model version",),
        _rx(r"\b(?:chatglm\d?(?:-6b)?|glm-\d(?:\.\d)?(?:-\w+)?)\b"),  # "ChatGLM3-6B", "GLM-4.5-Air"
    ),
    ModelTerms(
        "xai",
        "xAI Grok",
        "LicenseRef-xAI-Terms",
        "https://x.ai/legal/terms-of-service",
        "xAI's terms govern outputs of Grok models served through its API or apps.",
        "unclear",
        False,
        False,
        ("xAI terms of service apply to outputs",),
        # "Grok-3", "grok 4", "the xAI API"
        _rx(r"\bgrok(?:[- ]\d(?:\.\d)?)?(?:[- ](?:mini|beta|fast))?\b|\bxai(?:'s)?\s+api\b"),
    ),
    ModelTerms(
        "cohere",
        "Cohere Command",
        "LicenseRef-Cohere-Terms",
        "https://cohere.com/terms-of-use",
        "Command R open weights are CC-BY-NC-4.0 with an acceptable use policy; API outputs under Cohere's terms.",
        "unclear",
        True,
        False,
        ("weights non-commercial; API terms apply to outputs",),
        _rx(
            r"\bcommand[- ]r(?:\+|[- ]plus)?(?:[- ]\d+b)?\b|\baya[- ](?:expanse|23|101)\b"
            r"|\bcohere(?:'s)?\s+(?:api|models?)\b"
        ),  # "Command R+", "the Cohere API"
    ),
    ModelTerms(
        "nvidia",
        "NVIDIA Nemotron",
        "LicenseRef-NVIDIA-Open-Model-License",
        "https://www.nvidia.com/en-us/agreements/enterprise-software/nvidia-open-model-license/",
        "NVIDIA Open Model License: commercial use allowed; outputs are not claimed by NVIDIA.",
        "yes",
        True,
        False,
        ("NVIDIA Open Model License travels with derivative models",),
        _rx(
            r"\b(?:llama-\d(?:\.\d)?-)?nemotron(?:[- ][\w.]+)?\b"
        ),  # "Nemotron-4-340B", "Llama-3.1-Nemotron-70B"
    ),
    ModelTerms(
        "openai",
        "OpenAI Whisper",
        "MIT",
        "https://github.com/openai/whisper/blob/main/LICENSE",
        "Whisper code and weights are released under MIT.",
        "yes",
        True,
        False,
        (),
        _rx(
            r"\bwhisper(?:[- ](?:large|medium|small|base|tiny)(?:-v\d)?)?\b(?=[^.]{0,40}\b(?:transcri|asr|model|openai))"
        ),
    ),
    ModelTerms(
        "stability",
        "Stable Diffusion",
        "LicenseRef-CreativeML-OpenRAIL-M",
        "https://huggingface.co/spaces/CompVis/stable-diffusion-license",
        "Stable Diffusion 1.x/2.x weights: CreativeML OpenRAIL-M, use-based restrictions on outputs' use.",
        "yes",
        True,
        False,
        ("OpenRAIL-M use-based restrictions",),
        _rx(r"\bstable[- ]diffusion(?:[- ](?:xl|\d(?:\.\d)?))?\b|\bsdxl\b"),
    ),
    ModelTerms(
        "midjourney",
        "Midjourney",
        "LicenseRef-Midjourney-Terms",
        "https://docs.midjourney.com/docs/terms-of-service",
        "Midjourney's terms govern generated images (paid plans own their assets, free use is restricted).",
        "unclear",
        False,
        False,
        ("ownership depends on the subscription plan",),
        _rx(r"\bmidjourney\b"),
    ),
    ModelTerms(
        "meta",
        "Meta LLaMA (first release)",
        "LicenseRef-LLaMA-1-Research-License",
        "https://github.com/facebookresearch/llama/blob/57b0eb62de0636e75af471e49e2f1862d908d9d8/MODEL_CARD.md",
        "The first LLaMA weights were released for non-commercial research use only.",
        "no",
        False,
        False,
        ("non-commercial research use only",),
        _rx(
            r"(?<!meta-)\bllama(?![- ]?[234](?:\.\d)?(?!\d))(?:[- ]\d+b)?\b|\balpaca[- ]7b\b|\bvicuna\b"
        ),  # "LLaMA-13B", "Vicuna"; not the Hub organisation in "meta-llama/Llama-3.1-8B"
    ),
)

# Data a model made where the card does not say which model: its terms exist but cannot be known.
UNNAMED = ModelTerms(
    "unknown",
    "an unnamed model",
    "LicenseRef-Unnamed-Model-Terms",
    "",
    "The card says a model generated or labelled the data without naming it: the model's terms are unknown.",
    "unclear",
    False,
    False,
    ("the generating model's terms are unknown",),
    _rx(r"^unnamed generative model$"),
)

# Any model name we know, for "is this sentence about a model at all" checks.
ANY_MODEL = re.compile("|".join(f"(?:{t.pattern.pattern})" for t in MODEL_TERMS), re.I)
# ... which `re` tries at every position (about a microsecond a character): text holding none of
# the names' literal words ("gpt", "claude", "llama", ...), most of a card, is skipped.
ANY_MODEL_NAMED = Prefiltered(ANY_MODEL)


def terms_for(name: str) -> ModelTerms | None:
    """The terms that bind a model named in a card: 'ChatGPT' -> OpenAI terms, 'BERT' -> None."""
    for terms in MODEL_TERMS + (UNNAMED,):
        if terms.pattern.search(name):
            return terms
    return None


def terms_by_license(license_id: str) -> ModelTerms | None:
    """The terms whose license id is `license_id` (used when an upstream names a model license)."""
    return next((t for t in MODEL_TERMS + (UNNAMED,) if t.license == license_id), None)


# Providers named without a model, in a terms phrase: "subject to OpenAI's terms of use",
# "restrictions imposed by Anthropic". Bare "Google" or "Meta" are left out: they name data
# sources (Google Books, Meta's datasets) far more often than model terms.
_PROVIDERS: tuple[tuple[re.Pattern, str], ...] = (
    (_rx(r"open\s?ai"), "LicenseRef-OpenAI-Terms-of-Use"),  # "OpenAI", "Open AI"
    (_rx(r"anthropic"), "LicenseRef-Anthropic-Terms"),  # "Anthropic"
    (_rx(r"google\s+gemini|google\s+ai\s+studio"), "LicenseRef-Google-Gemini-API-Terms"),
    (_rx(r"cohere"), "LicenseRef-Cohere-Terms"),  # "Cohere"
    (_rx(r"mistral\s+ai"), "LicenseRef-Mistral-AI-Terms"),  # "Mistral AI"
    (_rx(r"xai|x\.ai"), "LicenseRef-xAI-Terms"),  # "xAI"
)
PROVIDER_NAME = (
    r"open\s?ai|anthropic|google\s+gemini|google\s+ai\s+studio|cohere|mistral\s+ai|xai|x\.ai"
)


@dataclass(frozen=True)
class OutputDataset:
    """A well-known dataset made of one model family's outputs: data derived from it carries those terms."""

    pattern: re.Pattern  # the dataset's name in text
    model: str  # a model name of the family, resolved by terms_for
    text: str  # what the dataset is


# Example for each: "we use the ShareGPT data as seed instructions", "filtered from UltraChat".
OUTPUT_DATASETS: tuple[OutputDataset, ...] = (
    OutputDataset(
        _rx(r"\bsharegpt(?:[-_ ]?gpt-?4)?(?:[-_ ]vicuna[-_ ]unfiltered)?(?!4v)(?![-\w]*\d+b)"),
        "ChatGPT",
        "conversations with ChatGPT shared by its users",
    ),
    OutputDataset(_rx(r"\bsharegpt-?4v\b"), "GPT-4V", "image captions written by GPT-4V"),
    OutputDataset(
        _rx(r"\bultrachat(?:[-_ ]?200k)?\b"), "ChatGPT", "dialogues between two ChatGPT APIs"
    ),
    OutputDataset(_rx(r"\bultrafeedback\b"), "GPT-4", "completions rated by GPT-4"),
    OutputDataset(
        _rx(r"\b(?:open-?orca|slim-?orca)\b"),
        "GPT-4",
        "FLAN prompts completed by GPT-4 and GPT-3.5",
    ),
    OutputDataset(_rx(r"\bwildchat(?:-\d+m)?\b"), "ChatGPT", "user conversations with ChatGPT"),
    OutputDataset(
        _rx(r"\balpaca[-_ ]gpt-?4\b"), "GPT-4", "the Alpaca instructions answered by GPT-4"
    ),
    OutputDataset(
        _rx(r"\b(?:stanford\s+)?alpaca(?:[-_ ](?:data(?:set)?|52k|instructions?))\b"),
        "text-davinci-003",
        "52K instructions generated with text-davinci-003 (Stanford Alpaca)",
    ),
    OutputDataset(
        _rx(r"\bevol-?instruct(?:ion)?\b"), "ChatGPT", "instructions evolved by ChatGPT (WizardLM)"
    ),
    OutputDataset(
        _rx(r"\bgpt4all\b"), "gpt-3.5-turbo", "prompts answered by gpt-3.5-turbo (GPT4All)"
    ),
    OutputDataset(
        _rx(r"\bopenhermes(?:[-_ ]?2(?:\.5)?)?\b"), "GPT-4", "mostly GPT-4 generated data"
    ),
    OutputDataset(
        _rx(r"\bcode[-_ ]?alpaca\b"), "text-davinci-003", "code instructions by text-davinci-003"
    ),
    # "LMSYS-Chat-1M": responses of some 25 models (Vicuna, GPT-4, Claude...): terms that cannot be named
    OutputDataset(
        _rx(r"\blmsys-chat(?:-1m)?\b"), "unnamed generative model", "answers of many chat models"
    ),
)
OUTPUT_DATASET = re.compile("|".join(f"(?:{d.pattern.pattern})" for d in OUTPUT_DATASETS), re.I)
OUTPUT_DATASET_NAMED = Prefiltered(OUTPUT_DATASET)  # skips text naming none ("sharegpt", ...)


def output_dataset(name: str) -> OutputDataset | None:
    """The model-output dataset a name refers to: 'ShareGPT' -> ChatGPT conversations, 'SQuAD' -> None."""
    return next((d for d in OUTPUT_DATASETS if d.pattern.search(name)), None)


def generator_terms(name: str) -> ModelTerms | None:
    """The terms behind a generator named in a card: a model ('GPT-4'), a provider named alone
    in a terms phrase ('OpenAI'), or a dataset of one model's outputs ('ShareGPT')."""
    terms = terms_for(name)
    if terms is not None:
        return terms
    for pattern, license_id in _PROVIDERS:
        if pattern.fullmatch(name.strip().removesuffix("'s")):
            return terms_by_license(license_id)
    dataset = output_dataset(name)
    return terms_for(dataset.model) if dataset else None
