"""Document-level sample sizes (extractors.sample_size); every sentence here is written for the test."""

import time

import pytest

from extractors.sample_size import Mention, SampleSizes, sample_sizes

ENROLLED = [
    ("Fifty-two patients with metastatic disease were enrolled.", 52),
    ("We enrolled 118 patients between 2015 and 2019.", 118),
    ("A total of 240 women were randomly assigned to drug A or placebo.", 240),
    ("Seventy-three participants were randomised to one of three groups.", 73),
    ("Between 2003 and 2011, 87 consecutive patients were included in this retrospective review.", 87),
    ("The trial randomized 1,204 postmenopausal women with early disease.", 1204),
    ("Eighty-eight adults took part in the study.", 88),
    ("Of the 312 patients enrolled, 290 received at least one dose.", 312),
    ("Patients (n = 61) with untreated tumours were enrolled at six sites.", 61),
    ("One hundred and five women with node-positive cancer were recruited.", 105),
    ("Thirty-one patients (14 with gastric and 17 with colonic primaries) were treated with the doublet.", 31),
    ("We reviewed the records of 47 patients treated at our centre.", 47),
    ("In this study, 150 patients were randomized, 75 to each arm.", 150),
    ("Twenty-nine patients received a median of six cycles of the regimen.", 29),
    ("MethodsSixty-two patients were included.", 62),
    ("Enrolled in the trial were fifty-five patients with refractory disease.", 55),
    # people named by any plural noun phrase after a strong enrolment verb
    ("The registry study enrolled 212 community-dwelling retirees who lived alone.", 212),
    ("Forty-six caregivers were randomized to coaching or usual support.", 46),
    # the subject separated from its verb by lists, decimals, nested parentheses, relative clauses
    ("Sixty-one patients with stage II, III, and IV disease were enrolled.", 61),
    ("Eighty patients with tumours up to 2.5 cm and no nodal disease were enrolled.", 80),
    ("Ninety women (mean age 54.2 years; BMI 29.1 kg/m2), recruited from two clinics, were randomized to diet or control.", 90),
    ("Seventy women who had finished chemotherapy and were taking tamoxifen were randomized to exercise or usual care.", 70),
    ("A total of 88 patients treated with surgery but not with radiotherapy were included.", 88),
    ("Two hundred patients were prospectively and randomly assigned to early or delayed surgery.", 200),
    # the count in "(n = N)" after any subject, or after the trial
    ("Survivors of early disease (n = 140) were randomized to yoga or a waiting list.", 140),
    ("We randomly assigned women scheduled for surgery (N = 210) to block A, block B or no block.", 210),
    ("A single-blind randomised trial (RCT; N = 96) compared two leaflets.", 96),
    # other general forms of an enrolment statement
    ("Three hundred patients randomly assigned to the two treatment groups were analysed for cardiac events.", 300),
    ("Participants were 75 adolescent girls aged 14 to 17 years.", 75),
    ("After inclusion of 58 patients, the trial was stopped for futility.", 58),
    ("Of 140 women approached, 120 (86%) agreed to participate and were randomized.", 120),
    ("Twenty-eight enrolled and 25 completed the programme.", 28),
    ("Biomarkers were measured in 88 overweight women participating in a randomized exercise trial.", 88),
    ("This double-blind, placebo-controlled phase 3 trial assessed the efficacy and safety of adding drug X to "
     "standard endocrine therapy in 512 postmenopausal women.", 512),
    # thousands grouped by a space
    ("In total, 12 500 women were randomly assigned to screening or usual care.", 12500),
    # the summary of the whole study wins over the parent trial in the background
    ("Two thousand women were randomized in the parent trial. Overall, 410 women were randomized in this substudy.", 410),
]


@pytest.mark.parametrize("sentence, expected", ENROLLED)
def test_enrolled(sentence, expected):
    result = sample_sizes(sentence)
    assert result.n_enrolled == expected


EVALUABLE = [
    ("Sixty patients were enrolled and 54 were evaluable for response.", 60, 54),
    ("Of 90 eligible patients, 81 were assessable for efficacy.", 90, 81),
    ("Forty patients were accrued; 36 patients were evaluated for tumour response.", 40, 36),
    ("A total of 70 patients were registered. Among 66 evaluable patients, 20 responded.", 70, 66),
    ("Eighty-one patients were evaluable for response.", None, 81),
]


@pytest.mark.parametrize("sentence, enrolled, evaluable", EVALUABLE)
def test_evaluable(sentence, enrolled, evaluable):
    result = sample_sizes(sentence)
    assert (result.n_enrolled, result.n_evaluable) == (enrolled, evaluable)


NOT_A_SAMPLE_SIZE = [
    "Patients received 175 mg/m2 of paclitaxel every 21 days.",        # dose
    "The study was conducted between 2009 and 2014.",                  # years
    "Patients were aged 45 to 78 years (median 61).",                  # ages
    "The response rate was 34% and 12 patients had stable disease.",  # percentage, event count
    "Five of 34 patients responded to treatment.",                     # responses
    "Grade 3 neutropenia occurred in 12 patients.",                    # adverse events
    "Twelve patients died of progressive disease.",                    # deaths
    "Patients received a median of 6 cycles at 14 centres in 3 countries.",  # cycles, centres
    "Twenty patients were randomized to placebo and 22 to the active drug.",  # per-arm counts
    "In arm B (n = 41), two patients discontinued treatment.",        # arm n
    "Patients with 5,000 or more circulating cells were randomized to drug A or drug B.",  # a threshold
    "A total of 150 + 150 patients were allocated.",                   # parts of a sum
    "The review included 12 randomized trials.",                       # not people
    "Women aged between 40 and 69 were invited.",                      # a range of ages
    "Thirty women were selected from the control group and 30 from the intervention group.",  # per group
    "Of the 40 women randomized to placebo, 12 (30%) had a fracture.",  # one arm
    "Radiotherapy after mastectomy. Outcomes were compared with rates in 800 patients treated without radiation "
    "in earlier trials.",                                             # a comparison group, not the study
    "A total of 96 participants completed the 12-month follow-up.",    # completers, not enrolment
    "The median progression-free survival was 11.0 months.",
    "Several hundred patients are treated each year.",
]


PLANNED = [
    # a protocol: the planned sample size is the study's N
    ("This trial aims to recruit 300 women from ten centres.", 300),
    ("Target accrual is 150 patients.", 150),
    ("A sample size of 200 patients was planned.", 200),
    ("To detect this difference, 180 patients were required.", 180),
    ("Two hundred and forty survivors will be randomized to one of three arms.", 240),
    # next to people actually enrolled, never
    ("A sample size of 200 patients was planned. In total, 164 patients were enrolled.", 164),
    ("A sample size of 200 patients was planned. Forty patients were randomized to A and 45 to B.", None),
    ("Originally planned for 250 patients, the study closed with 81 evaluable patients.", None),
    ("A sample size of 120 patients was planned. The response rate was 40% (95% CI 30-50).", None),
]


@pytest.mark.parametrize("text, expected", PLANNED)
def test_planned_sample_size_only_in_a_protocol(text, expected):
    assert sample_sizes(text).n_enrolled == expected


def test_planned_size_is_kept_as_its_own_kind_of_evidence():
    result = sample_sizes("The target sample size is 400 women.")
    assert result.n_enrolled == 400
    assert [m.kind for m in result.evidence] == ["target"]


@pytest.mark.parametrize("sentence", NOT_A_SAMPLE_SIZE)
def test_not_a_sample_size(sentence):
    result = sample_sizes(sentence)
    assert result.n_enrolled is None
    assert result.n_evaluable is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "No numbers in this text at all.",
        "Quarante-deux patientes ont été incluses dans l'étude.",
        "Se incluyeron cuarenta y dos pacientes en el estudio.",
        "共有42例患者入组。",
        "\x00\x01\x02 patients (((( n = ))) were",
        ")(][ 12 (n = ) were enrolled patients",
    ],
)
def test_odd_text_gives_nothing(text):
    result = sample_sizes(text)
    assert result.n_enrolled is None and result.n_evaluable is None


@pytest.mark.parametrize("value", [None, 42, b"42 patients were enrolled", ["x"]])
def test_non_string_input(value):
    assert sample_sizes(value) == SampleSizes()


def test_one_megabyte_of_garbage():
    junk = ("%$#@ 12.5 mg ~~ (n= ) ;; Twenty- x " * 40000)[:1_000_000]
    start = time.perf_counter()
    result = sample_sizes(junk)
    assert result.n_enrolled is None
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize(
    "text",
    [
        "forty two hundred and " * 400,                           # number words that never end
        "A sample size of " + "the " * 5000 + "200 patients.",     # a long run before a cue
        "40 patients with " + "stage II, III, and IV disease and " * 500 + "were enrolled.",
        "40 patients (" + "a (b) " * 2000 + ") were enrolled.",
        "(" * 3000 + "12 patients were enrolled" + ")" * 3000,
        "12, " * 10000,
    ],
)
def test_pathological_text_stays_fast(text):
    start = time.process_time()
    sample_sizes(text)
    assert time.process_time() - start < 2


def test_evidence_points_into_the_text():
    text = "Background: a phase II study.\nMethods: Thirty-four patients were enrolled.\nResults: 30 were evaluable."
    result = sample_sizes(text)
    assert (result.n_enrolled, result.n_evaluable) == (34, 30)
    kinds = {m.kind: m for m in result.evidence}
    enrolled = kinds["enrolled"]
    assert isinstance(enrolled, Mention)
    assert text[enrolled.start:enrolled.end] == "Thirty-four"
    assert enrolled.sentence == "Methods: Thirty-four patients were enrolled."
    assert 0.0 <= enrolled.confidence <= 1.0
    assert text[kinds["evaluable"].start:kinds["evaluable"].end] == "30"


def test_result_is_frozen():
    result = sample_sizes("Forty patients were enrolled.")
    with pytest.raises(AttributeError):
        result.n_enrolled = 3


def test_abstains_on_per_arm_counts_only():
    text = "Patients were randomized to drug A (n = 40) or drug B (n = 42)."
    assert sample_sizes(text).n_enrolled is None


@pytest.mark.parametrize("text, enrolled", [
    ("Out of 312 screened patients, 97 were eligible and received lanreotide.", 97),
    ("Of the 312 screened women, 97 were enrolled.", 97),
    ("Of 312 consecutively assessed patients, 97 were included.", 97),
])
def test_a_count_of_screened_people_is_not_the_study_size(text, enrolled):
    assert sample_sizes(text).n_enrolled == enrolled


@pytest.mark.parametrize("text, enrolled", [
    ("We identified 418 patients with small-bowel NETs in the national registry.", 418),
    ("We retrospectively identified 57 patients treated with streptozocin.", 57),
    ("Here we report 23 patients with lung carcinoids treated with everolimus.", 23),
    ("We describe 14 patients with NEC who received FOLFIRINOX.", 14),
    ("We identified 12 deaths during follow-up.", None),  # events, not people
])
def test_a_retrospective_series_named_by_identify_report_describe(text, enrolled):
    assert sample_sizes(text).n_enrolled == enrolled
