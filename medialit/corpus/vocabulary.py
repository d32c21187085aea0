"""The corpus's controlled vocabularies: technique names, labels, verdicts, kinds of source.

Every loader, the validator, the exercise definitions' checker and the lessons take their
allowed values from here, so a value is spelt one way everywhere (``seeds/FORMATS.md``
documents each).
"""

# The Propaganda Techniques Corpus's 18 techniques (teaching vocabulary).
TECHNIQUES_18 = (
    "Appeal_to_Authority", "Appeal_to_fear-prejudice", "Bandwagon", "Reductio_ad_hitlerum",
    "Black-and-White_Fallacy", "Causal_Oversimplification", "Doubt", "Exaggeration,Minimisation",
    "Flag-Waving", "Loaded_Language", "Name_Calling,Labeling", "Repetition", "Slogans",
    "Thought-terminating_Cliches", "Whataboutism", "Straw_Men", "Red_Herring",
    "Obfuscation,Intentional_Vagueness,Confusion",
)
# SemEval-2020 Task 11's 14 labels (exchange format); None = not exported.
TO_SEMEVAL = {t: t for t in TECHNIQUES_18}
TO_SEMEVAL.update({
    "Bandwagon": "Bandwagon,Reductio_ad_hitlerum",
    "Reductio_ad_hitlerum": "Bandwagon,Reductio_ad_hitlerum",
    "Whataboutism": "Whataboutism,Straw_Men,Red_Herring",
    "Straw_Men": "Whataboutism,Straw_Men,Red_Herring",
    "Red_Herring": "Whataboutism,Straw_Men,Red_Herring",
    "Obfuscation,Intentional_Vagueness,Confusion": None,
})
SEMEVAL_14 = tuple(sorted({v for v in TO_SEMEVAL.values() if v}))
TAGS = ("scare_quotes", "metaphor", "loaded_question", "sarcasm", "hyperbole_number",
        "guilt_by_association")
SPAN_COLUMNS = ["span_id", "article", "paragraph_id", "begin", "end", "technique",
                "alt_technique", "tags", "text", "rationale"]
ATTR_COLUMNS = ["attr_id", "article", "paragraph_id", "begin", "end", "text", "source",
                "source_type", "alt_source_type", "use", "traceable", "note"]
SOURCE_TYPES = ("named_person", "named_outlet_or_document", "anonymous_or_vague",
                "own_say_so", "link_placeholder")
USES = ("direct_quote", "paraphrase", "allusion")
TRACEABLE = ("yes", "partly", "no")
CLAIM_TYPES = ("number", "factual statement", "quote attributed to someone", "prediction",
               "opinion presented as fact")
VERDICTS = ("accurate", "inaccurate", "misleading", "misattributed", "unsupported",
            "unverified", "not checkable")
CHECKABLE = ("yes", "partly", "no")
# Why a claim could not be verified (seeds/FORMATS.md, "Kinds of 'unverified'").
UNVERIFIED_KINDS = ("secret", "partisan_only", "languages", "not_found")
CONFIDENCE = ("H", "M", "L", "NF")
CARD_KINDS = ("government record", "court ruling", "parliament record", "census",
              "wire report", "newspaper", "broadcaster", "magazine", "think tank",
              "encyclopedia", "NGO", "partisan site", "state media", "primary text")
PARTISAN = ("none", "pro-MEK", "anti-MEK", "Iranian state", "other")
EXCERPT_MAX_WORDS = 25


# How a label reads in a sentence (exercise pages, feedback); any other value reads with its
# underscores as spaces. Labels stay as they are in the data and the SemEval export.
DISPLAY = {
    "Appeal_to_fear-prejudice": "appeal to fear or prejudice",
    "Reductio_ad_hitlerum": "reductio ad Hitlerum",
    "Black-and-White_Fallacy": "black-and-white fallacy",
    "Exaggeration,Minimisation": "exaggeration or minimisation",
    "Name_Calling,Labeling": "name-calling or labelling",
    "Thought-terminating_Cliches": "thought-terminating clichés",
    "Straw_Men": "straw man",
    "Obfuscation,Intentional_Vagueness,Confusion": "obfuscation, intentional vagueness or confusion",
    "named_outlet_or_document": "named outlet or document",
    "anonymous_or_vague": "anonymous or vague",
    "own_say_so": "the speaker's own say-so",
    "link_placeholder": "link placeholder (the link is gone)",
}


def display_name(value: str) -> str:
    """A label as words: ``Name_Calling,Labeling`` -> ``name-calling or labelling``."""
    value = str(value)
    if value in DISPLAY:
        return DISPLAY[value]
    words = value.replace("_", " ")
    return words.lower() if value in TECHNIQUES_18 else words
