"""Demo scenarios about what happens among students: bullying and online harm, vaping,
attendance. Placeholders and the way a school draws its text: ``demo_data.Scenario``.
Every name and figure is invented; each sentence is written for this demo."""

from __future__ import annotations

from app.models.vocabulary import ResponseKind
from app.services.demo_data import Scenario

BULLYING = Scenario(
    key="bullying",
    outcome="Students in {years} feel safe at school, online and on the way home",
    problem=(
        "Bullying and online harm among {years} students",
        "Students in {years} harassed online and on the way home",
    ),
    measure="% of {years} students who say in the termly survey they feel safe",
    unit="% of students",
    baseline=(55, 68),
    change=(10, 16),
    spots=(
        "the bus shelter outside the shops",
        "the back field",
        "the walkway to the park",
    ),
    scan=(
        "Wellbeing survey: {baseline}% of {years} students feel safe at school. The school "
        "logged {count} bullying incidents last year, a third of them online.",
        "{count} pastoral referrals for bullying last year; most began in group chats and "
        "carried over to {spot}. {baseline}% of {years} students say they feel safe.",
    ),
    theories=(
        "Students do not report online bullying because they fear losing their phones.",
        "Conflict that starts online in the evening spills over at {spot} next morning.",
        "A small group moves between targets; staff see only the end of each episode.",
    ),
    data_tested=(
        "Compared the dates of incident-log entries with the survey's 'where it happened' "
        "answers: two in three began online.",
        "Counted reports by day and time: most were made on Monday mornings, after weekend "
        "chats. Police had {police} harassment reports involving local young people.",
    ),
    why=(
        "Students see no safe way to report online harm, and adults hear of it late.",
        "Harm grows overnight in group chats with no adult aware, then moves to {spot}.",
        "Reporting is seen as 'narking'; bystanders stay out of it.",
    ),
    considered=(
        "Kia Kaha lessons; a confidential online reporting form; peer mediators; a parents' "
        "evening on online safety with Netsafe material.",
        "Keeping phones in lockers during the day; a student-led campaign; restorative "
        "conversations led by the deans; Police talk on harmful digital communications.",
    ),
    assessment="Repeat the wellbeing survey each term and compare the share who feel safe "
    "with the baseline; count incident-log entries for bullying alongside it.",
    responses=(ResponseKind.KIA_KAHA,),  # it has units for every year level
    description=(
        "Kia Kaha units taught by classroom teachers to {years}, with the Lead Police Contact "
        "joining the lesson on online harm and a confidential reporting form on the intranet.",
        "A term of bullying-prevention lessons for {years}, a student-designed reporting form, "
        "and an evening for parents and whānau on keeping children safe online.",
    ),
    evidence="Kia Kaha is Police's own bullying-prevention programme and is used in many "
    "schools; the cluster's principals recommend it.",
    resourcing="Teachers deliver the lessons within the health programme over one term; "
    "the Lead Police Contact attends two sessions.",
    buy_in=(
        "The board approved it in Term 1; the student council designed the reporting form.",
        "Staff chose it at a teacher-only day; whānau asked for the evening session.",
    ),
    logic="If students know how to report and trust that adults will act, harm is caught "
    "early and fewer students feel unsafe.",
    activities=(
        ("Teach the Kia Kaha unit", "Plan with the health leader; teach six lessons", "Unit"),
        ("Launch the reporting form", "Student council tests it; deans answer reports", "Intranet"),
        ("Whānau evening on online safety", "Invite whānau; Police and Netsafe talk", "Hall"),
    ),
    police_commitment="Join one lesson a term on online harm and the law on harmful "
    "digital communications.",
    school_commitment="Share the termly wellbeing survey results and bullying counts.",
    what_happened=(
        "Reports rose in the first month, as hoped, then fell; the survey moved to {result}%.",
        "Students used the form more than expected; the Term 3 survey showed {result}% "
        "feeling safe.",
    ),
    why_happened="Students trusted the form because deans answered within a day.",
    differently=(
        "Start the whānau evening earlier; it was the best attended event.",
        "Give the deans time in their timetable to answer reports.",
    ),
    next_steps="Keep the form, teach the unit again next year and survey in Term 1.",
    lessons="Let students design the reporting tool; they knew what would get used.",
)

VAPING = Scenario(
    key="vaping",
    outcome="Fewer students vaping, and those who want to stop get help",
    problem=(
        "Vaping in the toilets and behind the gym among {years} students",
        "Vaping and sale of vapes to {years} students near {spot}",
    ),
    measure="vaping incidents recorded per term",
    unit="incidents per term",
    baseline=(12, 22),
    change=(-8, -5),
    spots=("the dairy on the corner", "the sports field", "the skate park"),
    scan=(
        "{count} vaping incidents recorded last year, with {baseline} in the last term alone; "
        "{suspensions} stand-downs involved vapes.",
        "Staff found vapes in the toilets weekly; {baseline} incidents were recorded last "
        "term. Whānau told the board vapes were being sold near {spot}.",
    ),
    theories=(
        "Students buy vapes from an older supplier near {spot}.",
        "Students vape because they are dependent, not only to look older.",
        "Vaping happens where there is no supervision between classes.",
    ),
    data_tested=(
        "Mapped where and when vapes were found: most in two toilet blocks, at morning break.",
        "An anonymous student survey asked where vapes come from; Police checked "
        "complaints about sales to under-18s near {spot}.",
    ),
    why=(
        "Vapes are easy to buy nearby and students have nowhere to get help to stop.",
        "Dependent students vape at every break; punishment alone does not change that.",
        "Two unsupervised toilet blocks make it easy to vape unseen.",
    ),
    considered=(
        "Stand-downs only; a quit-support programme with the school nurse; Police and the "
        "council checking sales to under-18s; health lessons on addiction.",
        "Vape detectors; supervision of the toilet blocks; a health promoter running a "
        "programme with whānau; controlled purchase operations with the council.",
    ),
    assessment="Count recorded vaping incidents each term and compare them with the "
    "baseline; note how many students join the quit-support group.",
    responses=(ResponseKind.PROGRAMME_APPROACH, ResponseKind.CHOICE),
    description=(
        "Health lessons on nicotine addiction for {years}, a quit-support group run by the "
        "school nurse, and Police and council checks on sales to under-18s near {spot}.",
        "A programme with the local health promoter and whānau, supervision of the two "
        "toilet blocks, and follow-up of sales complaints by Police.",
    ),
    evidence="Regional public health advice favours support to quit over punishment alone; "
    "checks on retailers cut sales to under-18s elsewhere in the district.",
    resourcing="The nurse runs the group weekly for two terms; the health promoter's time "
    "is funded by the health service.",
    buy_in=(
        "The board changed the behaviour policy to offer support before a stand-down.",
        "Student leaders helped write the lessons; whānau backed the retailer checks.",
    ),
    logic="Fewer vapes sold nearby and help to stop mean fewer students vaping at school.",
    activities=(
        ("Start the quit-support group", "Referral form; weekly sessions with the nurse", "Nurse"),
        ("Retailer checks near school", "Police and council visit local retailers", "Police"),
        ("Health lessons on addiction", "Teach four lessons with the health promoter", "Slides"),
    ),
    police_commitment="Follow up every complaint of vapes sold to students near the school.",
    school_commitment="Record vaping incidents and share the termly count.",
    what_happened=(
        "Recorded incidents fell to {result} a term; eleven students joined the group.",
        "Incidents came down to {result} a term and a retailer was warned.",
    ),
    why_happened="Vapes were harder to get, and students had somewhere to go for help.",
    differently=(
        "Involve whānau from the start; several parents also wanted help to quit.",
        "Agree with the council how retailer checks are reported back to the school.",
    ),
    next_steps="Keep the quit group and repeat the retailer checks each term.",
    lessons="Offering help to stop worked better than stand-downs alone.",
)

ATTENDANCE = Scenario(
    key="attendance",
    outcome="Students in {years} at school every day they can be",
    problem=(
        "Low attendance among {years} students, with some seen in town in school hours",
        "Truancy among {years} students on Mondays and Fridays",
    ),
    measure="% of {years} students attending regularly",
    unit="% of students",
    baseline=(48, 62),
    change=(8, 14),
    spots=("the shopping centre", "the bus interchange", "the river reserve"),
    scan=(
        "{baseline}% of {years} students attend regularly; Police found students at {spot} "
        "during school hours {police} times last year.",
        "Regular attendance for {years} is {baseline}%. Most absences are on Mondays and "
        "Fridays, and some students are seen at {spot}.",
    ),
    theories=(
        "Students who fall behind stop coming because they feel they cannot catch up.",
        "Some students care for younger siblings on Mondays and Fridays.",
        "Students who truant together meet at {spot} and are at risk of offending.",
    ),
    data_tested=(
        "Compared absence by day of week and year level; checked how often Police contact "
        "with truanting students happened at {spot}.",
        "Asked whānau of the students most often absent, through the attendance officer, "
        "what gets in the way of coming to school.",
    ),
    why=(
        "Absence builds on itself: students who miss work feel lost and stay away.",
        "Family pressures keep some students at home; the school hears late.",
        "Nobody follows up a first absence on the day, so it becomes a habit.",
    ),
    considered=(
        "Same-day calls to whānau; a mentoring programme; Police returning truants found "
        "at {spot}; a breakfast club; referral to the attendance service.",
        "Rewards for attendance; a homework catch-up space; a kaumātua mentor; joint "
        "home visits by the attendance officer and the Lead Police Contact.",
    ),
    assessment="Compare the share of students attending regularly, from the attendance "
    "register, with the baseline at the end of each term.",
    responses=(ResponseKind.SCHOOL_WIDE_INTERVENTION, ResponseKind.PROGRAMME_APPROACH),
    description=(
        "Same-day calls to whānau for every unexplained absence, a breakfast club and a "
        "mentor for each of the students most often absent.",
        "A kaumātua mentoring programme for {years}, a catch-up space after school, and "
        "Police bringing students found at {spot} in school hours back to school.",
    ),
    evidence="Early contact with whānau and mentoring are recommended by the Ministry's "
    "attendance guidance and worked in the neighbouring Kāhui Ako.",
    resourcing="The office calls each morning; two mentors give an hour a week each; "
    "the breakfast club uses the national programme's food.",
    buy_in=(
        "Whānau at the hui asked for earlier calls; the board funded the mentors.",
        "Kaumātua offered their time; staff agreed to the morning calls.",
    ),
    logic="Catching absence on the first day and giving students a reason to come keeps "
    "them at school and away from harm at {spot}.",
    activities=(
        ("Same-day absence calls", "Office calls whānau by 10 am; deans follow up", "Office"),
        ("Mentoring programme", "Match students with mentors; meet weekly", "Mentors"),
        ("Whānau hui on attendance", "Share figures; hear what gets in the way", "Kai"),
    ),
    police_commitment="Return students found out of school in school hours and tell the "
    "school the same day.",
    school_commitment="Share termly attendance figures by year level.",
    what_happened=(
        "Regular attendance rose to {result}% over the year.",
        "By Term 3, {result}% of students attended regularly; Monday absence fell most.",
    ),
    why_happened="Whānau heard about absences on the day and students had a mentor to see.",
    differently=(
        "Start mentoring in Term 1, not Term 2.",
        "Share the figures with whānau sooner; the hui changed minds.",
    ),
    next_steps="Keep the morning calls and extend mentoring to the next year level.",
    lessons="Whānau want to hear on the day; the first call matters most.",
)
