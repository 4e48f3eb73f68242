"""The canonical columns of a register as :mod:`..headers` weighs them: for each, the words
that name it in real papers, the group above it, the year it names and the values it holds.

A new wording is a row (a pattern and its weight) here, not a new ``if`` in the reader.
Fields with ``output=False`` are recognised only so that their columns (YTD plan, variance,
actuals, shares) are not misread as annual figures.
"""

from __future__ import annotations

from ...schema import Scheme
from ..headers import Field

_EXPECTED_HEADERS = {
    Scheme.scheme_id: "'No'",
    Scheme.scheme: "'Scheme'",
    Scheme.go_live: "'Go Live Date'",
    Scheme.fye_net_saving: "'(Full Year) Effect Net Saving' (the FYE)",
}


_RATING_GROUP = ((r"\brag\b|rating|assessment|confidence|\brisks?\b|scoring|\bscores?\b", 2.5),)


_NOT_MONEY_WORDS = r"ytd|year to date|cumulative|variance|\bvar\b"


# a header that is only a year (and a unit): "2013/14 £", "FY27", under a group naming the plan
_YEAR_ALONE = r"^(?:fy ?)?\d{2,4} ?[/-] ?\d{2,4}(?: ?\(? ?£ ?'?(?:0{3}s?|k|m)?\)?)?$|^fy ?\d{2,4}$"  # "2013/14", "2023/24 (£)", "2024-25 £000", "FY25"
_IMPACT = r"\bimpact\b|\beffect\b|\bbenefits?\b"  # "2025/26 Impact £k": by the year it names


_FORECAST_GROUP = ((r"director|forecast|assessment", 1.0),)


REGISTER_FIELDS: tuple[Field, ...] = (
    Field(
        Scheme.scheme_id,
        (
            (
                r"^(?:scheme |qipp |project |cip |unique |initiative |saving |savings )?"
                r"(?:no\.?|number|ref\.?|ref no\.?|reference|id|#|code|ref number|item)$",
                5.0,
            ),
            (r"^(?:scheme|project|qipp|cip|initiative)s? (?:no|ref|id|code|number)\b", 4.0),
            (r"\bref\b|\bid\b|\bno\.?$|^#|\bcode\b", 2.0),
            (r"^(?:scheme|project|initiative)$", 1.5),
        ),  # numbers under "Scheme": the scheme number
        values="id",
        required=True,
        avoid=(r"file ref|plan ref|\bpid\b",),
    ),
    Field(
        Scheme.file_ref,
        ((r"file ref|file reference|plan ref|\bpid\b|project plan", 5.0),),
        values="id",
    ),
    Field(
        Scheme.theme,
        (
            (
                r"transformation heading|\btheme\b|programme|work ?stream|portfolio|pillar|"
                r"care group|directorate|division|service area|clinical area|\bpod\b|"
                r"point of delivery|category of spend|\bsector\b|\bspecialty\b|\bheading\b",
                4.0,
            ),
            (r"\barea\b|\bservice\b|\btype\b|\bcategory\b", 2.0),
        ),
        values="category",
        avoid=(r"\blead\b|\bmanager\b",),
    ),
    Field(
        Scheme.scheme,
        (
            (
                r"^(?:scheme|project|initiative|opportunity|intervention|qipp scheme|cip scheme)"
                r"(?: name| title| description)?$",
                5.0,
            ),
            (
                r"\bscheme\b|\bproject\b|\binitiative\b|description|\btitle\b|\bopportunity\b|"
                r"\bname\b|\bintervention\b|saving(?:s)? (?:idea|proposal)",
                2.5,
            ),
        ),
        values="name",
        required=True,
        avoid=(
            r"\b(?:no\.?|number|ref|id|code|lead|owner|manager|sro|type)$",
            r"\bdelivery value\b",
        ),
    ),
    Field(
        Scheme.phase,
        ((r"\bphase\b|complexity|\bcategory\b|\bstage\b|\btier\b", 4.0),),
        values="phase",
    ),
    Field(
        Scheme.go_live,
        (
            (
                r"go ?-?live|start date|implementation date|start month|commenc|live date|"
                r"date of implementation|^starts?$|implementation month|effective from|"
                r"delivery start|^from$|date live|implementation",
                5.0,
            ),
            (r"\bstart\b|\bdate\b", 2.0),
        ),
        values="month",
        required=True,
    ),
    Field(
        Scheme.months_in_year,
        (
            (
                r"no\.? of months|months? saving|months? in (?:the )?year|months? of saving|"
                r"number of months|^months$|months? (?:in )?\d|months? live",
                5.0,
            ),
            (r"\bmonths?\b", 2.0),
        ),
        values="months",
        year="this",
        avoid=(r"\+ ?/ ?-|change|slip|delay|gain|lost|£",),
    ),
    Field(
        Scheme.gross_opportunity,
        (
            (
                r"gross(?! (?:plan|savings?|target))|current cost|baseline (?:spend|cost)|opportunity|"
                r"current spend",
                4.0,
            ),
            (r"\bgross\b", 2.5),
        ),  # "Gross Plan" is gross only beside a net plan that takes the plan
        values="money",
        avoid=(_NOT_MONEY_WORDS, r"\bactual\b|\bnet\b"),
    ),
    Field(
        Scheme.fye_net_saving,
        (
            (
                r"full ?-?year|\bfye\b|effect net saving|annuali[sz]ed|recurrent (?:saving|value|"
                r"effect|benefit)|run ?-?rate|annual (?:saving|value|benefit|effect|impact)",
                5.0,
            ),
            (r"net saving|\bannual\b", 2.5),
            (r"\bsavings?\b|\bbenefit\b", 2.0),  # a bare "Saving" is the scheme's full saving
            (r"\bvalue\b", 1.5),
        ),
        values="money",
        required=True,
        avoid=(
            _NOT_MONEY_WORDS,
            r"\bactual\b|\bmonths?\b|gross|most likely|delivery value|"
            r"forecast|next year|following year|in ?-?year|delivered|achieved|realised|%",
        ),
    ),
    Field(
        Scheme.plan_in_year,
        (
            (
                r"plann?(?:ed)? sav|in ?-?year (?:plan|saving|target|value|effect)|plan in year|"
                r"annual (?:plan|target)|savings? (?:plan|target)|qipp (?:plan|target)|"
                r"cip (?:plan|target)|total plan|plan total|part ?-?year (?:effect|saving|value)|"
                r"\bpye\b",
                4.0,
            ),
            (r"\bplan\b|\bplanned\b|\btarget\b|" + _YEAR_ALONE, 3.0),
            (r"\bbudget\b|\bin ?-?year\b|^total\b", 2.0),
            (r"\bsavings?\b|" + _IMPACT, 1.8),
        ),  # "Savings 24/25", "2024/25 Impact": the year it names settles it
        values="money",
        year="this",
        avoid=(
            _NOT_MONEY_WORDS,
            r"\bactual\b|\bref\b|\blead\b|\bfile\b|most likely|"
            r"next year|following year|\bmonths?\b|\bm\d+\b|gross(?! (?:plan|savings?|target))",
        ),
        avoid_unnamed=(r"forecast",),
    ),
    Field(
        Scheme.plan_next_year,
        (
            (r"next year|following year|incremental|\bfye? impact|c/f|carr(?:y|ied) forward", 4.0),
            (r"plann?(?:ed)? sav|\bplan\b|\bplanned\b|\btarget\b|" + _YEAR_ALONE, 3.0),
            (r"\bsavings?\b|" + _IMPACT, 2.0),
        ),
        values="money",
        year="next",
        avoid=(
            _NOT_MONEY_WORDS,
            r"\bactual\b|delivery value|most likely|\bmonths?\b|"
            r"\bref\b|gross(?! (?:plan|savings?|target))",
        ),
        avoid_unnamed=(r"forecast",),
    ),
    Field(
        Scheme.rag_value,
        ((r"^value$|financ|benefit|saving|\bvalue\b|\bcost\b", 3.0),),
        values="rag",
        group=_RATING_GROUP,
        order=0.0,
        avoid=(_NOT_MONEY_WORDS,),
    ),
    Field(
        Scheme.rag_resources,
        ((r"resourc|workforce|capacity|staff|people|capabilit", 3.0),),
        values="rag",
        group=_RATING_GROUP,
        order=0.25,
    ),
    Field(
        Scheme.rag_timeliness,
        ((r"timeliness|timescale|\btim(?:e|ing)\b|pace|milestone|deliverab|progress", 3.0),),
        values="rag",
        group=_RATING_GROUP,
        order=0.5,
    ),
    Field(
        Scheme.rag_codependency,
        ((r"dependen|co-?dep|partner|stakeholder|\bsystem\b|enabler", 3.0),),
        values="rag",
        group=_RATING_GROUP,
        order=0.75,
    ),
    Field(
        Scheme.rag_overall,
        (
            (r"\boverall\b", 4.0),
            (
                r"^rag$|rag rating|rag status|confidence|risk rating|^rating$|^status$|"
                r"\bb?rag\b|\brayg\b|"
                r"delivery risk|^rag\b|\brag$|^risks?$|^risk level$|^confidence level$",
                3.0,
            ),
        ),
        values="rag",
        group=_RATING_GROUP,
        order=1.0,
        avoid=(r"most likely|£|value £",),
    ),
    Field(
        Scheme.most_likely_in_year,
        (
            (
                r"most likely|risk ?-?adjusted|risk ?-?assessed|risk ?-?weighted|\bweighted\b|"
                r"expected (?:saving|value)|probab",
                5.0,
            ),
        ),
        values="money",
        year="this",
        avoid=(_NOT_MONEY_WORDS,),
    ),
    Field(
        Scheme.change_in_delivery_months,
        (
            (
                r"change in delivery|delivery change|months? \+ ?/ ?-|\+ ?/ ?- ?months|slippage|"
                r"slip(?:ped)? months|\bdelay|months? (?:gained|lost)",
                5.0,
            ),
        ),
        values="signed_months",
        avoid=(r"£|\bvalue\b|\bcost\b",),
    ),  # "Slippage £000": money
    Field(
        Scheme.forecast_in_year,
        ((r"forecast|delivery value|outturn|\bfot\b|projected|expected delivery", 4.0),),
        values="money",
        year="this",
        group=_FORECAST_GROUP,
        avoid=(_NOT_MONEY_WORDS, r"\bm\d+\b|month \d|next year|following year|variance"),
    ),
    Field(
        Scheme.forecast_next_year,
        ((r"next year|following year", 3.0), (r"forecast|delivery value|outturn|projected", 3.0)),
        values="money",
        year="next",
        group=_FORECAST_GROUP,
        avoid=(_NOT_MONEY_WORDS, r"\bm\d+\b|month \d"),
    ),
    Field(
        Scheme.recurrent,
        ((r"recurr|\br ?/ ?nr\b|one-?off|type of saving|nature of saving", 5.0),),
        values="bool",
    ),
    Field(
        Scheme.owner,
        (
            (r"\blead\b|owner|\bsro\b|responsib|accountable|champion|\bmanager\b", 4.0),
            (r"director", 2.0),
        ),
        values="person",
        avoid=(r"lead ?-?in|director assessment|most likely|\btime\b",),
    ),
    Field(
        Scheme.commentary,
        (
            (
                r"comment|narrative|\bupdate\b|\bnotes?\b|progress|key issues|mitigat|remarks|"
                r"exception",
                4.0,
            ),
        ),
        values="long_text",
        avoid=(r"\brag\b",),
    ),
    # Efficiency plans in NHS England's terms (io/efficiency.py reads the values)
    Field(
        Scheme.stage,
        (
            (
                r"maturity|plan stage|scheme stage|stage of (?:plan|development|scheme)|"
                r"delivery stage|plan status|planning status|status of (?:plan|scheme)|"
                r"^stage$|identification status|nhse categor",
                5.0,
            ),
            (r"\bstage\b|\bstatus\b|\bcategor(?:y|isation)\b", 2.5),
        ),
        values="stage",
        avoid=(r"\bqia\b|quality impact|gateway|£|\bwte\b",),
    ),
    Field(
        Scheme.category,
        (
            (
                r"pay ?/ ?non ?-?pay|pay or non|non ?-?pay|pay / income|saving(?:s)? category|"
                r"cip category|qipp category|efficiency category|expenditure type|spend type|"
                r"cost type|type of (?:saving|cip|efficiency|spend)|subjective|^category$",
                5.0,
            ),
            (r"\bcategory\b|\btype\b", 2.5),
        ),
        values="spend",
        avoid=(r"\bstaff\b|£|\bwte\b",),
    ),
    Field(
        Scheme.cash_releasing,
        (
            (
                r"cash ?-?releas|cost avoid|\bcr ?/ ?(?:ca|ncr|non)\b|cash ?/ ?non|"
                r"cash or (?:cost|non)",
                6.0,
            ),
        ),
        values="cash",
        avoid=(r"£",),
    ),
    Field(
        Scheme.qia,
        ((r"\b(?:e?qia|qeia)\b|quality (?:and equality )?impact|quality sign", 6.0),),
        values="qia",
        avoid=(r"\bdate\b|\bdated\b",),
    ),
    Field(
        Scheme.qia_date,
        ((r"(?:\b(?:e?qia|qeia)\b|quality impact).*\bdate|\bdate\b.*(?:\bqia\b|quality)", 7.0),),
        values="date",
    ),
    Field(
        Scheme.gateway,
        ((r"gateway|\bgate\b", 5.0),),
        values="category",
        avoid=(r"date|£",),
    ),
    Field(
        Scheme.wte,
        (
            (
                r"\bwte\b|whole ?-?time|\bfte\b|\bposts?\b|headcount|workforce (?:change|"
                r"reduction|impact)",
                6.0,
            ),
        ),
        values="quantity",
        avoid=(r"£|\bcost\b|\bpay\b|staff group",),
    ),
    Field(
        Scheme.staff_group,
        ((r"staff (?:group|type|category)|workforce group|professional group|staff ?group", 6.0),),
        values="category",
    ),
    # Recognised so that their columns are not misread as annual figures; not output.
    Field(
        "ytd_plan",
        (
            (
                r"(?:ytd|year to date|cumulative).*(?:plan|target|budget)|"
                r"(?:plan|target|budget).*(?:ytd|year to date|to date)",
                5.0,
            ),
            (r"^(?:plan|target|budget)\b", 1.5),
        ),
        values="money",
        output=False,
        group=((r"\bytd\b|year to date|cumulative", 3.0),),
        avoid=(r"variance|\bvar\b|%",),
    ),
    Field(
        "ytd_actual",
        (
            (
                r"(?:ytd|year to date|to date).*(?:actual|achieved|delivered)|"
                r"(?:actual|achieved|delivered).*(?:ytd|year to date|to date)",
                5.0,
            ),
            (r"^(?:actual|achieved|delivered)\b", 1.5),
        ),
        values="money",
        output=False,
        group=((r"\bytd\b|year to date|cumulative", 3.0),),
        avoid=(r"variance|\bvar\b|%",),
    ),
    Field(
        "ytd_variance",
        ((r"variance|\bvar\b|\bdiff", 4.0),),
        values="money",
        output=False,
        avoid=(r"%|percent",),
    ),
    Field(
        "actual",
        ((r"\bactuals?\b|achieved|delivered|realised", 2.5),),
        values="money",
        output=False,
        avoid=(r"%|percent",),
    ),
    # an amount of one-off saving ("Non-recurrent £000" beside a "Recurrent FYE"): marks the
    # schemes whose saving is all one-off
    Field(
        "non_recurrent_amount",
        ((r"^(?:non-? ?recurr\w*|one-? ?off)\b", 5.0),),
        values="money",
        output=False,
        avoid=(r"%|percent|\?|y ?/ ?n",),
    ),
    Field(
        "share",
        ((r"%|percent|\bpct\b", 3.0),),
        output=False,
        avoid=(r"most likely|weighted|adjusted",),
    ),
)


FIELDS_BY_NAME = {f.name: f for f in REGISTER_FIELDS}


_MEASURES = (
    ("actual", r"\bactuals?\b|achieved|delivered|realised"),
    ("forecast", r"forecast|\bfcst\b|projected|outturn|\bfot\b"),
    ("plan", r"\bplan\b|planned|budget|target|profile|trajectory|phasing"),
)
