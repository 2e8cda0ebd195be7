"""Each jurisdiction's calendar as its own law reads: weekend moves, state-only and optional days, versions.

Every case was counted by hand from the source named beside it, not from the engine's output. "bd" =
business days, the day of receipt being day 0. Weekday facts used: 2026-07-04 is a Saturday, 2027-07-04
a Sunday, 2028-01-01 a Saturday; Good Friday 2026 is 04-03.
"""

from datetime import date

import pytest

from foia_tracker.deadlines import (
    Extension, RequestEvents, business_calendar, compute_clocks, deadline_report, rule_for,
)

# (code, received_on, clock, expected due_on, agency closures, why and source)
CASES = [
    # --- US: 5 U.S.C. § 552(a)(6)(A)(i) 20 bd; § 6103(a)-(b) holidays, Saturday -> Friday, Sunday -> Monday.
    ("US", date(2026, 6, 29), "response", date(2026, 7, 28), {},
     "Sat 07-04 observed Fri 07-03 (§ 6103(b)): 20th working day is 07-28"),
    ("US", date(2026, 6, 15), "response", date(2026, 7, 15), {},
     "Juneteenth Fri 06-19 and Fri 07-03 skipped (§ 6103(a))"),
    ("US", date(2026, 10, 9), "response", date(2026, 11, 9), {},
     "Columbus Day Mon 10-12 skipped (§ 6103(a))"),
    # --- TX: § 552.0031 (HB 3033, from 2023-09-01); § 662.003(a)-(c); § 662.013.
    ("TX", date(2026, 6, 29), "response", date(2026, 7, 13), {},
     "10th bd; Sat 07-04 not moved to Fri 07-03 (§ 552.0031(e)) - the issue's case"),
    ("TX", date(2026, 6, 29), "response", date(2026, 7, 14), {date(2026, 7, 3): "Independence Day (observed)"},
     "the body observes 07-04 on Fri 07-03, so that Friday is no business day (§ 552.0031(e))"),
    ("TX", date(2026, 3, 30), "response", date(2026, 4, 13), {},
     "Cesar Chavez Day 03-31 and Good Friday 04-03 are optional: business days by default (§§ 552.0031(c), 662.003(c), 662.013)"),
    ("TX", date(2026, 3, 30), "response", date(2026, 4, 14), {date(2026, 4, 3): "Good Friday"},
     "an officer who observes Good Friday closes it (§ 552.0031(c))"),
    ("TX", date(2026, 2, 27), "response", date(2026, 3, 16), {},
     "Texas Independence Day Mon 03-02 is a state holiday (§ 662.003(b)(2))"),
    ("TX", date(2027, 7, 1), "response", date(2027, 7, 15), {},
     "Sun 2027-07-04 not moved to Mon 07-05 (§ 552.0031(e))"),
    ("TX", date(2026, 10, 9), "response", date(2026, 10, 23), {},
     "Columbus Day is no § 662.003 holiday"),
    # --- KY: KRS 61.880(1) 3 -> 5 days with 2021 HB 312 (from 2021-06-29); KRS 2.110 and 18A.190(2).
    ("KY", date(2021, 6, 28), "response", date(2021, 7, 1), {},
     "received the day before HB 312 took effect: 3 days (06-29, 06-30, 07-01)"),
    ("KY", date(2021, 6, 29), "response", date(2021, 7, 7), {},
     "5 days under HB 312; Sun 07-04 observed Mon 07-05 (KRS 18A.190(2))"),
    ("KY", date(2026, 6, 29), "response", date(2026, 7, 7), {},
     "Sat 07-04 observed Fri 07-03 (KRS 18A.190(2))"),
    ("KY", date(2026, 6, 17), "response", date(2026, 6, 24), {},
     "Juneteenth is in neither KRS 2.110 nor 18A.190: Fri 06-19 counts"),
    ("KY", date(2026, 2, 13), "response", date(2026, 2, 20), {},
     "Presidents' Day: state offices open (not in KRS 18A.190); earlier-deadline reading"),
    # --- CA: calendar days (Gov. Code § 7922.535); roll-forward days: Code Civ. Proc. § 12a, Gov. Code §§ 6700-6701, 19853.
    ("CA", date(2026, 6, 23), "response", date(2026, 7, 3), {},
     "Sat 07-04 is not observed on Fri 07-03 (§ 6701: only Veterans Day moves back)"),
    ("CA", date(2026, 3, 21), "response", date(2026, 4, 1), {},
     "day 10 is Cesar Chavez Day 03-31 (§ 19853(a)): rolls to 04-01"),
    ("CA", date(2027, 6, 25), "response", date(2027, 7, 6), {},
     "day 10 is Mon 07-05, Sunday's Independence Day observed (§ 6701): rolls to 07-06"),
    ("CA", date(2027, 12, 21), "response", date(2027, 12, 31), {},
     "New Year's Day on Sat 2028-01-01 is not moved to Fri 12-31 (§ 6701)"),
    # --- NY: Pub. Off. Law § 89(3)(a) 5 bd acknowledgment; Gen. Constr. Law § 24 public holidays.
    ("NY", date(2026, 6, 29), "acknowledgment", date(2026, 7, 6), {},
     "Sat 07-04 is not moved: Fri 07-03 counts (GCL § 24 has only a Sunday rule)"),
    ("NY", date(2027, 7, 1), "acknowledgment", date(2027, 7, 9), {},
     "Sun 2027-07-04: the next day is the holiday (GCL § 24)"),
    ("NY", date(2026, 2, 10), "acknowledgment", date(2026, 2, 19), {},
     "Lincoln's Birthday Thu 02-12 and Washington's Birthday Mon 02-16 (GCL § 24)"),
    ("NY", date(2026, 10, 30), "acknowledgment", date(2026, 11, 9), {},
     "general election day Tue 11-03 (GCL § 24)"),
    # --- MA: G.L. c. 66 § 10(b) 10 bd; c. 4 § 7 cl. 18; c. 30 § 24A; c. 136 § 12.
    ("MA", date(2026, 6, 29), "response", date(2026, 7, 13), {},
     "Sat 07-04: state offices open Fri 07-03 (c. 30 § 24A)"),
    ("MA", date(2026, 4, 17), "response", date(2026, 5, 4), {},
     "Patriots' Day Mon 04-20 (c. 4 § 7 cl. 18)"),
    ("MA", date(2026, 3, 16), "response", date(2026, 3, 30), {},
     "Evacuation Day 03-17 closes no office outside Suffolk (c. 136 § 12)"),
    ("MA", date(2016, 12, 20), "response", date(2016, 12, 30), {},
     "before St. 2016, c. 121: 10 calendar days (c. 66, § 10(b), 1973 text)"),
    ("MA", date(2016, 12, 23), "response", date(2017, 1, 3), {},
     "day 10 is Mon 2017-01-02, Sunday's New Year's Day observed (c. 4, § 7 cl. 18): rolls"),
    ("MA", date(2017, 1, 3), "response", date(2017, 1, 18), {},
     "from 2017-01-01: 10 business days, MLK Day 01-16 skipped (c. 66, § 10(b) as amended)"),
    # --- IL: 5 ILCS 140/3(d) 5 bd; 5 ILCS 490.
    ("IL", date(2026, 2, 27), "response", date(2026, 3, 6), {},
     "Casimir Pulaski Day Mon 03-02: state offices open (earlier-deadline reading of 5 ILCS 490/15)"),
    ("IL", date(2026, 2, 27), "response", date(2026, 3, 9), {date(2026, 3, 2): "Casimir Pulaski Day"},
     "a Cook County office closed for Pulaski Day records it"),
    ("IL", date(2026, 2, 10), "response", date(2026, 2, 19), {},
     "Lincoln's Birthday Thu 02-12 and Washington's Birthday Mon 02-16 (5 ILCS 490/5)"),
    ("IL", date(2026, 10, 30), "response", date(2026, 11, 9), {},
     "general election day Tue 11-03 is a state holiday"),
    # --- PA: 65 P.S. §§ 67.102, 67.901 5 bd; 1 Pa.C.S. § 1908 (Commonwealth or United States holidays).
    ("PA", date(2026, 6, 17), "response", date(2026, 6, 25), {},
     "Juneteenth Fri 06-19 is a holiday of the United States (1 Pa.C.S. § 1908)"),
    ("PA", date(2026, 10, 9), "response", date(2026, 10, 19), {},
     "Columbus Day Mon 10-12 (a national holiday: § 67.102)"),
    ("PA", date(2026, 11, 23), "response", date(2026, 12, 2), {},
     "Thanksgiving and the day after (Commonwealth holiday) skipped"),
    # --- MI: MCL 15.235(2) 5 bd; MCL 435.101; OAG 7172 (legal holidays only).
    ("MI", date(2026, 6, 29), "response", date(2026, 7, 6), {},
     "Sat 07-04 is not moved: Fri 07-03 counts (MCL 435.101 has only a Sunday rule)"),
    ("MI", date(2027, 7, 1), "response", date(2027, 7, 9), {},
     "Sun 2027-07-04 is observed Mon 07-05 (MCL 435.101)"),
    ("MI", date(2026, 11, 23), "response", date(2026, 12, 1), {},
     "the day after Thanksgiving is no legal holiday: it counts even where offices close (OAG 7172)"),
    ("MI", date(2026, 12, 28), "response", date(2027, 1, 5), {},
     "New Year's Eve counts; New Year's Day is skipped"),
    # --- NJ: N.J.S.A. 47:1A-5(i) 7 bd; 36:1-1, 36:1-1.2; 11A:6-24.1.
    ("NJ", date(2026, 2, 10), "response", date(2026, 2, 20), {},
     "Lincoln's Birthday Thu 02-12: State offices open (36:1-1(d)); Presidents' Day 02-16 skipped"),
    ("NJ", date(2026, 3, 31), "response", date(2026, 4, 10), {},
     "Good Friday 04-03 is a New Jersey holiday (36:1-1)"),
    ("NJ", date(2025, 6, 16), "response", date(2025, 6, 26), {},
     "Juneteenth is the third Friday in June (06-20 in 2025), not Thu 06-19 (11A:6-24.1)"),
    ("NJ", date(2026, 6, 29), "response", date(2026, 7, 9), {},
     "Sat 07-04 observed Fri 07-03 (36:1-1.2)"),
    # --- WA: RCW 42.56.520(1) 5 bd; RCW 1.16.050.
    ("WA", date(2026, 10, 9), "response", date(2026, 10, 16), {},
     "Columbus Day is only a legislatively recognized day (RCW 1.16.050(2))"),
    ("WA", date(2026, 6, 17), "response", date(2026, 6, 25), {},
     "Juneteenth Fri 06-19 (2021 c 295)"),
    ("WA", date(2026, 11, 23), "response", date(2026, 12, 2), {},
     "Thanksgiving and Native American Heritage Day 11-27 (RCW 1.16.050)"),
    ("WA", date(2026, 6, 29), "response", date(2026, 7, 7), {},
     "Sat 07-04 observed Fri 07-03"),
    # --- VA: Va. Code § 2.2-3704(B) 5 working days; § 2.2-3300.
    ("VA", date(2026, 10, 30), "response", date(2026, 11, 9), {},
     "Election Day Tue 11-03 (§ 2.2-3300)"),
    ("VA", date(2026, 6, 17), "response", date(2026, 6, 25), {},
     "Juneteenth Fri 06-19 (§ 2.2-3300, from 2020)"),
    ("VA", date(2026, 10, 9), "response", date(2026, 10, 19), {},
     "Columbus Day and Yorktown Victory Day Mon 10-12 (§ 2.2-3300)"),
    # --- TN: Tenn. Code Ann. § 10-7-503(a)(2)(B) 7 bd; § 15-1-101.
    ("TN", date(2026, 3, 30), "response", date(2026, 4, 9), {}, "Good Friday 04-03 (§ 15-1-101)"),
    ("TN", date(2026, 6, 17), "response", date(2026, 6, 29), {}, "Juneteenth Fri 06-19 (§ 15-1-101, 2022)"),
    ("TN", date(2026, 6, 29), "response", date(2026, 7, 9), {}, "Sat 07-04 substituted by Fri 07-03 (§ 15-1-101)"),
    ("TN", date(2026, 11, 23), "response", date(2026, 12, 3), {},
     "the day after Thanksgiving is no legal holiday (earlier-deadline reading)"),
    # --- MD: Gen. Prov. § 4-203(b) 10 working days acknowledgment; § 1-111; SPP §§ 9-201, 9-204.
    ("MD", date(2026, 6, 29), "acknowledgment", date(2026, 7, 13), {},
     "Sat 07-04 is not moved (GP § 1-111(b); earlier-deadline reading)"),
    ("MD", date(2026, 11, 16), "acknowledgment", date(2026, 12, 2), {},
     "Thanksgiving and American Indian Heritage Day 11-27 (GP § 1-111(a)(15))"),
    ("MD", date(2026, 2, 9), "acknowledgment", date(2026, 2, 24), {},
     "Lincoln's Birthday 02-12: state offices open (not an SPP § 9-201 holiday); Presidents' Day skipped"),
    ("MD", date(2023, 6, 16), "acknowledgment", date(2023, 7, 3), {},
     "Juneteenth Mon 06-19 is a State employee holiday (SPP § 9-201 as amended by Laws 2022, ch. 64): "
     "06-20 .. 06-23, 06-26 .. 06-30, 07-03 is the 10th working day"),
    ("MD", date(2015, 9, 1), "acknowledgment", date(2015, 9, 16), {},
     "before 2015 ch. 135 took effect (10-01) the notice is owed too (earlier-deadline reading, GP § 4-203(b)(2)): "
     "Labor Day Mon 09-07 skipped, 10th working day Wed 09-16"),
    # --- MO: RSMo § 610.023.3 3 business days; § 9.010.
    ("MO", date(2026, 2, 10), "response", date(2026, 2, 17), {},
     "Lincoln's Birthday Thu 02-12 and Washington's Birthday 02-16 (§ 9.010)"),
    ("MO", date(2023, 2, 10), "response", date(2023, 2, 16), {},
     "Lincoln's Birthday on Sun 2023-02-12 is observed Mon 02-13 (§ 9.010)"),
    ("MO", date(2026, 5, 6), "response", date(2026, 5, 12), {}, "Truman Day Fri 05-08 (§ 9.010)"),
    ("MO", date(2026, 6, 30), "response", date(2026, 7, 3), {},
     "Sat 07-04 is not moved (§ 9.010 has only a Sunday rule)"),
    # --- IN: IC 5-14-3-9 7 days (calendar), last day rolls; IC 1-1-9-1.
    ("IN", date(2026, 6, 12), "response", date(2026, 6, 19), {}, "Juneteenth is no IC 1-1-9-1 holiday"),
    ("IN", date(2026, 3, 27), "response", date(2026, 4, 6), {}, "day 7 is Good Friday (IC 1-1-9-1): rolls to Monday"),
    ("IN", date(2026, 2, 5), "response", date(2026, 2, 12), {},
     "Lincoln's Birthday is kept on the day after Thanksgiving by state offices: Feb 12 open (earlier reading)"),
    ("IN", date(2026, 11, 20), "response", date(2026, 11, 30), {},
     "day 7 is the day after Thanksgiving, Lincoln's Birthday as observed: rolls over the weekend"),
    # --- CO: C.R.S. § 24-72-203(3)(b) 3 working days; § 24-11-101.
    ("CO", date(2026, 3, 30), "response", date(2026, 4, 2), {}, "Cesar Chavez Day is optional (§ 24-11-112)"),
    ("CO", date(2026, 10, 2), "response", date(2026, 10, 8), {}, "Frances Xavier Cabrini Day Mon 10-05 (§ 24-11-101)"),
    ("CO", date(2026, 10, 9), "response", date(2026, 10, 14), {}, "Columbus Day is no Colorado holiday since 2020"),
    ("CO", date(2026, 6, 30), "response", date(2026, 7, 3), {}, "Sat 07-04 is not moved (§ 24-11-101(2): Sunday only)"),
    # --- SC: S.C. Code § 30-4-30(C) 10 bd acknowledgment; § 53-5-10.
    ("SC", date(2025, 12, 15), "acknowledgment", date(2026, 1, 2), {},
     "24, 25 and 26 December and New Year's Day skipped (§ 53-5-10)"),
    ("SC", date(2026, 6, 15), "acknowledgment", date(2026, 6, 29), {}, "Juneteenth is no § 53-5-10 holiday"),
    ("SC", date(2027, 5, 3), "acknowledgment", date(2027, 5, 18), {},
     "Confederate Memorial Day Mon 2027-05-10 (§ 53-5-10), not April as the package has it"),
    ("SC", date(2026, 4, 20), "acknowledgment", date(2026, 5, 4), {}, "Mon 2026-04-27 is no holiday"),
    ("SC", date(2017, 5, 18), "acknowledgment", date(2017, 6, 9), {},
     "the day before Act No. 67: 15 working days, Memorial Day 05-29 skipped"),
    ("SC", date(2017, 5, 19), "acknowledgment", date(2017, 6, 5), {},
     "from 2017-05-19: 10 business days, Memorial Day 05-29 skipped (§ 30-4-30(C))"),
    # --- LA: La. R.S. 44:33(B)(1) 3 days excluding weekends and legal holidays; R.S. 1:55(A)(1).
    ("LA", date(2026, 1, 6), "response", date(2026, 1, 12), {}, "Battle of New Orleans Thu 01-08 (1:55(A)(1))"),
    ("LA", date(2027, 8, 27), "response", date(2027, 9, 2), {}, "Huey P. Long Day Mon 2027-08-30 (1:55(A)(1))"),
    ("LA", date(2027, 10, 29), "response", date(2027, 11, 4), {}, "All Saints' Day Mon 2027-11-01 (1:55(A)(1))"),
    ("LA", date(2026, 6, 17), "response", date(2026, 6, 22), {}, "Juneteenth closes offices only by proclamation"),
    ("LA", date(2028, 11, 8), "response", date(2028, 11, 13), {},
     "Veterans Day on Sat 2028-11-11 is not moved: only Jan 1, Jul 4 and Dec 25 move (1:55)"),
    ("LA", date(2029, 11, 9), "response", date(2029, 11, 14), {},
     "nor on Sun 2029-11-11: Mon 11-12 counts (1:55)"),
    # --- AL: Ala. Code § 36-12-43 10-day acknowledgment (calendar), rolls to a business day; § 1-3-8.
    ("AL", date(2026, 4, 17), "acknowledgment", date(2026, 4, 28), {},
     "day 10 is Confederate Memorial Day Mon 04-27 (§ 1-3-8): rolls"),
    ("AL", date(2026, 5, 22), "acknowledgment", date(2026, 6, 2), {},
     "day 10 is Jefferson Davis' birthday Mon 06-01 (§ 1-3-8): rolls"),
    ("AL", date(2026, 6, 23), "acknowledgment", date(2026, 7, 6), {},
     "day 10 is Fri 07-03, Saturday's Independence Day observed (§ 1-3-8(a)): rolls to Monday"),
    # --- UT: Utah Code § 63G-2-204(4) 10 bd; § 63G-1-301.
    ("UT", date(2026, 6, 15), "response", date(2026, 6, 29), {},
     "Juneteenth 2026 is Mon 06-15, the day of receipt; Fri 06-19 counts (§ 63G-1-301(2)(c), 2025)"),
    ("UT", date(2024, 6, 17), "response", date(2024, 7, 2), {}, "Juneteenth on Wed 2024-06-19 itself (2022 HB 238)"),
    ("UT", date(2026, 7, 13), "response", date(2026, 7, 28), {}, "Pioneer Day Fri 07-24 (§ 63G-1-301)"),
    ("UT", date(2016, 7, 15), "response", date(2016, 8, 1), {},
     "2016: 10 bd (2012 Utah Archives table, § 204 today); Pioneer Day on Sun 07-24 observed Mon 07-25 (§ 63G-1-301)"),
    # --- CT: Conn. Gen. Stat. § 1-206(a) 4 business days; § 1-4.
    ("CT", date(2026, 3, 31), "response", date(2026, 4, 6), {},
     "Good Friday 04-03 is no § 1-4 legal holiday: it counts unless the agency closed"),
    ("CT", date(2026, 3, 31), "response", date(2026, 4, 7), {date(2026, 4, 3): "Good Friday"},
     "a state agency closed on Good Friday records it"),
    ("CT", date(2026, 2, 10), "response", date(2026, 2, 18), {},
     "Lincoln Day 02-12 and Washington's Birthday 02-16 (§ 1-4)"),
    ("CT", date(2026, 6, 29), "response", date(2026, 7, 6), {}, "Sat 07-04 observed Fri 07-03 (§ 1-4)"),
    # --- AR: Ark. Code Ann. § 25-19-105(e) 3 working days; § 1-5-101.
    ("AR", date(2026, 6, 17), "response", date(2026, 6, 22), {}, "Juneteenth is no § 1-5-101 holiday"),
    ("AR", date(2026, 10, 9), "response", date(2026, 10, 14), {}, "Columbus Day is a memorial day only (§ 1-5-106)"),
    ("AR", date(2022, 12, 21), "response", date(2022, 12, 28), {},
     "Christmas Eve on Sat 2022-12-24 observed Fri 12-23, Christmas on Sunday observed Mon 12-26 (§ 1-5-101(b))"),
    ("AR", date(2015, 1, 16), "response", date(2015, 1, 22), {},
     "2015: 3 working days (§ 25-19-105(e); no change found since); MLK and Lee Day Mon 01-19 (§ 1-5-101)"),
    # --- NV: NRS 239.0107(1) fifth business day; NRS 236.015.
    ("NV", date(2026, 10, 26), "response", date(2026, 11, 3), {}, "Nevada Day Fri 10-30 (NRS 236.015)"),
    ("NV", date(2022, 6, 15), "response", date(2022, 6, 22), {}, "before 2023 AB 140 Juneteenth closed no Nevada office"),
    ("NV", date(2026, 6, 17), "response", date(2026, 6, 25), {}, "Juneteenth Fri 06-19 (AB 140, 2023)"),
    # --- KS: K.S.A. 45-218(d) three business days; 45-217; 35-107.
    ("KS", date(2026, 12, 21), "response", date(2026, 12, 28), {date(2026, 12, 24): "Christmas Eve"},
     "the Governor's Christmas Eve closure, recorded, is skipped"),
    ("KS", date(2026, 10, 9), "response", date(2026, 10, 15), {}, "Columbus Day Mon 10-12 (K.S.A. 35-107)"),
    ("KS", date(2026, 6, 17), "response", date(2026, 6, 23), {}, "Juneteenth: a holiday designated by Congress (45-217)"),
    ("KS", date(2026, 6, 30), "response", date(2026, 7, 3), {}, "Sat 07-04 is not moved to Friday"),
    # --- MS: Miss. Code Ann. § 25-61-5(1)(b) 7 working days; § 3-3-7.
    ("MS", date(2026, 4, 21), "response", date(2026, 5, 1), {}, "Confederate Memorial Day Mon 04-27 (§ 3-3-7)"),
    ("MS", date(2026, 6, 17), "response", date(2026, 6, 26), {}, "Juneteenth is no § 3-3-7 holiday"),
    ("MS", date(2026, 6, 30), "response", date(2026, 7, 9), {}, "Sat 07-04 is not moved to Friday (§ 25-1-97)"),
    # --- NM: NMSA § 14-2-8(D) 3 business days acknowledgment; §§ 12-5-2, 12-5-3.
    ("NM", date(2026, 2, 13), "acknowledgment", date(2026, 2, 19), {}, "Presidents' Day Mon 02-16 (12-5-2)"),
    ("NM", date(2026, 11, 23), "acknowledgment", date(2026, 11, 30), {date(2026, 11, 27): "Presidents' Day (state offices)"},
     "a state office closed on the Friday after Thanksgiving records it"),
    ("NM", date(2026, 6, 17), "acknowledgment", date(2026, 6, 22), {}, "Juneteenth is only a designated day"),
    ("NM", date(2026, 10, 9), "acknowledgment", date(2026, 10, 15), {}, "Indigenous Peoples' Day Mon 10-12 (12-5-2)"),
    ("NM", date(2015, 2, 13), "acknowledgment", date(2015, 2, 19), {},
     "2015: § 14-2-8(D) as amended 2009 (RCFP), 3 bd; Presidents' Day Mon 02-16 (12-5-2)"),
    ("NM", date(2015, 2, 13), "response", date(2015, 3, 2), {},
     "2015: 15 days = Sat 02-28, rolls to Mon 03-02 (§ 14-2-8(D))"),
    # --- NE: Neb. Rev. Stat. § 84-712(4) four business days; § 25-2221.
    ("NE", date(2026, 4, 22), "response", date(2026, 4, 29), {}, "Arbor Day Fri 04-24 (§ 25-2221)"),
    ("NE", date(2026, 10, 9), "response", date(2026, 10, 16), {}, "Indigenous Peoples' and Columbus Day Mon 10-12"),
    ("NE", date(2026, 6, 17), "response", date(2026, 6, 24), {}, "Juneteenth Fri 06-19 (§ 25-2221)"),
    # --- ID: Idaho Code § 74-103(1) three working days; § 73-108.
    ("ID", date(2026, 6, 17), "response", date(2026, 6, 22), {}, "Juneteenth is not a § 73-108 holiday"),
    ("ID", date(2026, 10, 9), "response", date(2026, 10, 15), {}, "Columbus Day Mon 10-12 (§ 73-108)"),
    ("ID", date(2026, 6, 30), "response", date(2026, 7, 6), {}, "Sat 07-04 observed Fri 07-03 (§ 73-108)"),
    # --- WV: W. Va. Code § 29B-1-3(d) five days excluding weekends and legal holidays; § 2-2-1.
    ("WV", date(2025, 6, 17), "response", date(2025, 6, 25), {},
     "West Virginia Day Fri 2025-06-20 (§ 2-2-1); Juneteenth Thu 06-19 counts"),
    ("WV", date(2026, 10, 9), "response", date(2026, 10, 19), {}, "Columbus Day Mon 10-12 (§ 2-2-1)"),
    ("WV", date(2026, 6, 30), "response", date(2026, 7, 8), {}, "Sat 07-04 observed Fri 07-03 (§ 2-2-1(b))"),
    ("WV", date(2015, 3, 2), "response", date(2015, 3, 9), {},
     "before 2015 HB 2636: 5 days in the older § 29B-1-3(4) (RCFP; WV DEP posting): 03-03 to 03-06, 03-09"),
    ("WV", date(2016, 6, 13), "response", date(2016, 6, 21), {},
     "after 2015 HB 2636, still 5 days (§ 29B-1-3(d)); West Virginia Day Mon 2016-06-20 (§ 2-2-1)"),
    # --- HI: HAR § 2-71-13 10 business days; HRS § 8-1.
    ("HI", date(2026, 3, 30), "response", date(2026, 4, 14), {}, "Good Friday 04-03 (HRS § 8-1)"),
    ("HI", date(2026, 6, 8), "response", date(2026, 6, 23), {},
     "King Kamehameha I Day 06-11 skipped; Juneteenth 06-19 counts (not a § 8-1 holiday)"),
    ("HI", date(2026, 8, 10), "response", date(2026, 8, 25), {}, "Statehood Day Fri 08-21 (HRS § 8-1)"),
    # --- NH: RSA 91-A:4, IV 5 business days; RSA 288:1 legal holidays; DAS state-employee holiday schedule.
    ("NH", date(2026, 6, 17), "response", date(2026, 6, 24), {}, "Juneteenth is no RSA 288:1 holiday"),
    ("NH", date(2026, 10, 30), "response", date(2026, 11, 6), {},
     "election day Tue 11-03 is an RSA 288:1 holiday but no DAS state-employee holiday: counts (earlier-deadline "
     "reading): 11-02, 11-03, 11-04, 11-05, 11-06"),
    ("NH", date(2026, 10, 30), "response", date(2026, 11, 9), {date(2026, 11, 3): "Election Day"},
     "an office closed on election day records it: 11-02, 11-04, 11-05, 11-06, 11-09"),
    ("NH", date(2026, 11, 23), "response", date(2026, 12, 2), {date(2026, 11, 27): "Day After Thanksgiving"},
     "a state office closed the day after Thanksgiving records it"),
    ("NH", date(2016, 11, 4), "response", date(2016, 11, 14), {},
     "before 2019 ch. 107 re-enacted IV, the same 5 bd (HB 396 as introduced): election day Tue 11-08 counts, "
     "Veterans Day Fri 11-11 skipped (RSA 288:1)"),
    # --- ME: 1 M.R.S. § 408-A(3) 5 working days acknowledgment; 4 M.R.S. § 1051.
    ("ME", date(2026, 4, 17), "acknowledgment", date(2026, 4, 27), {}, "Patriot's Day Mon 04-20 (§ 1051)"),
    ("ME", date(2026, 6, 17), "acknowledgment", date(2026, 6, 25), {}, "Juneteenth Fri 06-19 (P.L. 2021, c. 140)"),
    ("ME", date(2026, 6, 29), "acknowledgment", date(2026, 7, 6), {}, "Sat 07-04 is not moved (§ 1051: Sunday rule only)"),
    # --- MT: MCA § 2-6-1006 5 business days acknowledgment; § 1-1-216.
    ("MT", date(2026, 6, 17), "acknowledgment", date(2026, 6, 24), {}, "Juneteenth is only an observance (MCA 1-1-216)"),
    ("MT", date(2026, 10, 30), "acknowledgment", date(2026, 11, 9), {}, "state general election day Tue 11-03"),
    ("MT", date(2026, 10, 9), "acknowledgment", date(2026, 10, 19), {}, "Indigenous Peoples' and Columbus Day Mon 10-12"),
    # --- RI: R.I. Gen. Laws § 38-2-3(e) 10 business days; § 25-1-1.
    ("RI", date(2026, 6, 29), "response", date(2026, 7, 14), {},
     "Sat 07-04 is kept on Mon 07-06, not Fri 07-03 (§ 25-1-1)"),
    ("RI", date(2026, 8, 3), "response", date(2026, 8, 18), {}, "Victory Day Mon 08-10 (§ 25-1-1)"),
    ("RI", date(2027, 12, 20), "response", date(2028, 1, 5), {},
     "Christmas and New Year's Day on Saturdays kept on Mon 2027-12-27 and Mon 2028-01-03 (§ 25-1-1)"),
    # --- DE: 29 Del. C. § 10003(h) 15 business days; 1 Del. C. § 501.
    ("DE", date(2026, 3, 30), "response", date(2026, 4, 21), {}, "Good Friday 04-03 (1 Del. C. § 501)"),
    ("DE", date(2026, 2, 13), "response", date(2026, 3, 6), {}, "Presidents' Day is no Delaware holiday"),
    ("DE", date(2026, 10, 9), "response", date(2026, 10, 30), {}, "Columbus Day is no Delaware holiday"),
    # --- SD: SDCL § 1-27-37 10 business days; § 1-5-1.
    ("SD", date(2022, 6, 13), "response", date(2022, 6, 27), {}, "Juneteenth counted only from 2023 (SL 2022, ch 1)"),
    ("SD", date(2026, 6, 15), "response", date(2026, 6, 30), {}, "Juneteenth Fri 06-19 (SDCL 1-5-1)"),
    ("SD", date(2026, 10, 9), "response", date(2026, 10, 26), {}, "Native Americans' Day Mon 10-12 (SDCL 1-5-1)"),
    # --- AK: 2 AAC 96.325 10 working days; AS 44.12.010-.020.
    ("AK", date(2026, 3, 23), "response", date(2026, 4, 7), {}, "Seward's Day Mon 03-30 (AS 44.12.010)"),
    ("AK", date(2026, 10, 16), "response", date(2026, 11, 2), {},
     "Alaska Day on Sun 10-18 makes Mon 10-19 a holiday too (AS 44.12.020)"),
    ("AK", date(2026, 6, 29), "response", date(2026, 7, 13), {}, "Sat 07-04 is not moved (no Saturday rule read)"),
    # --- DC: D.C. Code § 2-532(c) 15 days excluding weekends and legal public holidays; § 1-612.02.
    ("DC", date(2026, 4, 6), "response", date(2026, 4, 28), {}, "DC Emancipation Day Thu 04-16 (§ 1-612.02(a)(11))"),
    ("DC", date(2026, 6, 15), "response", date(2026, 7, 8), {},
     "Juneteenth 06-19 and Saturday's Independence Day observed Fri 07-03 (§ 1-612.02(b)(1))"),
    ("DC", date(2026, 10, 9), "response", date(2026, 11, 2), {}, "Indigenous Peoples' Day Mon 10-12 (§ 1-612.02(a)(7))"),
    # --- VT: 1 V.S.A. § 318(a)(1) three business days since 2011 Act 59; § 371.
    ("VT", date(2026, 3, 2), "response", date(2026, 3, 6), {}, "Town Meeting Day Tue 03-03 (§ 371)"),
    ("VT", date(2026, 8, 14), "response", date(2026, 8, 20), {},
     "Bennington Battle Day on Sun 08-16 observed Mon 08-17 (§ 371(b))"),
    ("VT", date(2026, 10, 9), "response", date(2026, 10, 15), {}, "Indigenous Peoples' Day Mon 10-12 (§ 371)"),
    ("VT", date(2026, 6, 17), "response", date(2026, 6, 22), {}, "Juneteenth is only an observance in Vermont"),
    ("VT", date(2026, 11, 23), "extended_response", date(2026, 12, 8), {},
     "unusual circumstances: 10 bd from receipt (2011 Act 59, Legislative Council summary), not 3 + 10; "
     "Thanksgiving 11-26 skipped, the Friday after counts"),
    # --- PR: Ley 141-2019 / Ley 156-2025 business-day terms; Ley 26-2017, art. 2.05.
    ("PR", date(2026, 2, 27), "response", date(2026, 3, 31), {},
     "American Citizenship Day Mon 03-02 and Abolition Day (Sun 03-22, observed Mon 03-23) skipped"),
    ("PR", date(2025, 7, 21), "response", date(2025, 8, 4), {},
     "Constitution Day Fri 2025-07-25 is off the central-government list (Ley 26-2017)"),
    ("PR", date(2026, 6, 15), "response", date(2026, 7, 14), {}, "Juneteenth is off the list; Fri 07-03 observed"),
    # --- OR: ORS 192.324(2) 5 bd acknowledgment; ORS 187.010(1)-(2) legal holidays.
    ("OR", date(2026, 6, 29), "acknowledgment", date(2026, 7, 7), {},
     "Sat 07-04 makes Fri 07-03 a legal holiday (ORS 187.010(2))"),
    ("OR", date(2026, 6, 17), "acknowledgment", date(2026, 6, 25), {},
     "Juneteenth Fri 06-19 is an ORS 187.010(1) holiday"),
    ("OR", date(2026, 10, 9), "acknowledgment", date(2026, 10, 16), {},
     "Columbus Day is no Oregon legal holiday"),
    ("OR", date(2026, 11, 23), "acknowledgment", date(2026, 12, 1), {},
     "Thanksgiving skipped; the day after is a personnel holiday, not ORS 187.010"),
    ("OR", date(2026, 11, 23), "acknowledgment", date(2026, 12, 2), {date(2026, 11, 27): "Day after Thanksgiving"},
     "a state agency closed on the day after Thanksgiving (ORS 240.551 policy) records it"),
    ("OR", date(2018, 1, 2), "acknowledgment", date(2018, 1, 9), {}, "SB 481 in force from 2018-01-01: 5 business days"),
]


@pytest.mark.parametrize(
    "code, received_on, clock, expected, closures, why",
    CASES,
    ids=[f"{c[0]}-{c[1]}-{c[2]}-{'closed' if c[4] else 'default'}" for c in CASES],
)
def test_due_date_follows_the_state_calendar(code, received_on, clock, expected, closures, why):
    """Count over the holidays the state's own law gives, not the federal pattern."""
    rule = rule_for(code, received_on)
    clocks = compute_clocks(rule, received_on=received_on, calendar=business_calendar(code, closures))
    assert clocks[clock].due_on == expected, why


# (code, date, open by default?, source) for calendars whose law sets no response deadline.
OPEN_DAYS = [
    ("FL", date(2026, 7, 3), False, "Sat 07-04 observed Fri 07-03 (Fla. Stat. § 110.117(1))"),
    ("FL", date(2026, 6, 19), True, "Juneteenth is no § 110.117 holiday"),
    ("FL", date(2026, 2, 16), True, "Washington's Birthday is no § 110.117 holiday"),
    ("FL", date(2026, 11, 27), False, "Friday after Thanksgiving (§ 110.117(1)(h))"),
    ("TX", date(2026, 4, 3), True, "Good Friday is optional (Tex. Gov't Code § 662.003(c))"),
    ("TX", date(2026, 8, 27), False, "LBJ Day is a state holiday (§ 662.003(b)(5))"),
    ("TX", date(2025, 9, 23), True, "Rosh Hashanah (first day, 2025) is optional (§ 662.003(c))"),
    ("TX", date(2025, 10, 2), True, "Yom Kippur (2025) is optional (§ 662.003(c))"),
    ("TX", date(2026, 3, 31), True, "Cesar Chavez Day is optional (§ 662.013)"),
    ("NY", date(2028, 2, 15), True, "Susan B. Anthony Day is commemorative"),
    ("WY", date(2026, 6, 19), True, "Juneteenth closes no Wyoming office (W.S. 8-4-107(c))"),
    ("WY", date(2026, 7, 3), True, "a Saturday holiday is not moved (W.S. 8-4-101(b): Sunday only)"),
    ("WY", date(2027, 7, 5), False, "Sunday's Independence Day is observed Monday (W.S. 8-4-101(b))"),
    ("WY", date(2026, 10, 12), True, "Columbus Day was repealed in 1990"),
    ("IA", date(2026, 2, 12), True, "Lincoln's Birthday: a 1C.1 holiday on which state offices stay open (1C.2)"),
    ("IA", date(2026, 2, 16), True, "Washington's Birthday: likewise not a 1C.2 closed day"),
    ("IA", date(2026, 7, 3), False, "Saturday's Independence Day is granted on Friday (1C.2(3))"),
    ("ND", date(2026, 4, 3), False, "Good Friday (N.D.C.C. 1-03-01(5))"),
    ("ND", date(2026, 6, 19), True, "Juneteenth is not in 1-03-01"),
    ("ND", date(2026, 12, 24), True, "state offices close only at noon on Christmas Eve (1-03-01.1)"),
    ("OH", date(2026, 7, 3), True, "R.C. 124.19 shifts no holiday off a Saturday (OAC 123:1-44-01(C))"),
    ("OH", date(2026, 10, 12), False, "Columbus Day (R.C. 124.19(A))"),
    ("AZ", date(2026, 6, 19), True, "Juneteenth is not in A.R.S. 1-301"),
    ("AZ", date(2026, 10, 12), False, "Columbus Day (A.R.S. 1-301(A))"),
    ("WI", date(2026, 7, 3), True, "a Saturday holiday is not moved (Wis. Stat. 230.35(4)(a))"),
    ("WI", date(2026, 12, 24), False, "Christmas Eve closes state offices (230.35(4)(a))"),
    ("WI", date(2026, 10, 12), True, "Columbus Day closes no state office"),
    ("MN", date(2026, 11, 27), False, "the day after Thanksgiving, executive branch (Minn. Stat. 645.44, subd. 5)"),
    ("MN", date(2022, 6, 20), True, "Juneteenth counted only from 2023"),
    ("MN", date(2026, 10, 12), True, "the October Monday is no executive-branch holiday"),
    ("NH", date(2026, 10, 12), True, "Columbus Day: RSA 288:1 holiday, not on the DAS state-employee schedule"),
    ("NH", date(2026, 11, 3), True, "election day: RSA 288:1 holiday, not on the DAS state-employee schedule"),
    ("NH", date(2026, 11, 26), False, "Thanksgiving is on both RSA 288:1 and the DAS schedule"),
    ("AR", date(2026, 4, 3), True, "Good Friday is a memorial day, not a holiday (Ark. Code § 1-5-106(8))"),
    ("AR", date(2026, 12, 24), False, "Christmas Eve (Ark. Code § 1-5-101(a)(9))"),
    ("MD", date(2021, 6, 18), True,
     "Sat 2021-06-19 Juneteenth is not moved to Friday (GP § 1-111(b)); the offices' 2021 closure is recorded"),
    ("OK", date(2026, 6, 19), True, "Juneteenth is not in 25 O.S. 82.1"),
    ("OK", date(2026, 11, 27), False, "the day after Thanksgiving (25 O.S. 82.1(A))"),
    ("OK", date(2026, 7, 3), False, "Saturday's Independence Day is kept on Friday (25 O.S. 82.1(A))"),
    ("OH", date(2026, 2, 16), False, "the third Monday in February (R.C. 124.19(A))"),
    ("AZ", date(2026, 7, 3), False, "Saturday's Independence Day is observed Friday (A.R.S. 1-301(C))"),
    ("NC", date(2026, 4, 3), False, "Good Friday is on the State Human Resources Commission schedule"),
    ("NC", date(2026, 11, 27), False, "Thanksgiving is two days on the schedule"),
    ("NC", date(2026, 10, 12), True, "Columbus Day is not on the schedule (12 days at most, G.S. 126-4)"),
    ("GA", date(2025, 2, 17), True, "the Governor's 2025 list keeps Washington's Birthday on Fri 12-26 (O.C.G.A. 1-4-1(b))"),
    ("GA", date(2025, 12, 26), False, "Washington's Birthday as observed in 2025"),
    ("GA", date(2025, 4, 18), False, "the 2025 'State Holiday' on Good Friday"),
    ("GA", date(2025, 6, 19), False, "Juneteenth, the 13th day since 2022 HB 1335"),
]


@pytest.mark.parametrize("code, on, is_open, why", OPEN_DAYS, ids=[f"{c[0]}-{c[1]}" for c in OPEN_DAYS])
def test_office_open_by_default(code, on, is_open, why):
    """Open or close a day as the state's holiday law says."""
    assert business_calendar(code).is_business_day(on) is is_open, why


def test_moved_holiday_observed_by_the_agency_is_explained():
    """Say that a day the law leaves open was closed because this agency observed it."""
    report = deadline_report("TX", date(2026, 6, 29), closures={date(2026, 7, 3): "Independence Day (observed)"})
    texts = [step["text"] for step in report["clocks"]["response"]["explanation"]]
    assert "Skipped 2026-07-03: Independence Day (observed): closed (observed by this agency)" in texts


def test_optional_holiday_observed_by_the_agency_is_explained():
    """Name an optional holiday the officer observed as the agency's own closure."""
    calendar = business_calendar("TX", {date(2026, 4, 3): "Good Friday"})
    assert calendar.closure_name(date(2026, 4, 3)) == "Good Friday: closed (observed by this agency)"
    assert business_calendar("TX").closure_name(date(2026, 4, 3)) is None


def test_ordinary_closure_keeps_its_name():
    """Leave a closure on an ordinary working day (a snow day) named as recorded."""
    assert business_calendar("TX", {date(2026, 3, 16): "Snow day"}).closure_name(date(2026, 3, 16)) == "Snow day"


def test_report_says_which_version_applied():
    """Name the version in force on the receipt date in the JSON report."""
    report = deadline_report("KY", date(2022, 3, 1))
    assert report["in_force"] == (
        "KRS 61.880(1) as amended by 2021 HB 312 (Acts ch. 160), in force from 2021-06-29 (received 2022-03-01)")
    assert report["calendar"]["citation"].startswith("KRS 61.880(1)")
    assert deadline_report("KY", date(2021, 6, 28))["clocks"]["response"]["days"] == 3


def test_oregon_had_no_fixed_deadline_before_sb_481():
    """Give a follow-up date, not a due date, for an Oregon request of 2017 (no count before SB 481)."""
    clock = deadline_report("OR", date(2017, 12, 29))["clocks"]["response"]
    assert clock["due_on"] is None and clock["is_statutory"] is False
    # Acknowledgment due 01-09; then 10 business days, MLK Day 2018-01-15 skipped.
    assert deadline_report("OR", date(2018, 1, 2))["clocks"]["response"]["due_on"] == "2018-01-24"


# (code, received_on, clock, expected due_on or None = no fixed deadline, acknowledged_on, why and source):
# one case on each side of a version change researched since 2015.
VERSION_CASES = [
    # --- WY: 2019 SF0057 in force 2019-07-01 (UW Branding Iron 2020-02-06); W.S. 16-4-202(c)(iii) 30 days.
    ("WY", date(2019, 6, 28), "response", None, date(2019, 6, 28),
     "before SF0057 the Act set no release deadline (Cowboy State Daily 2019-02-26)"),
    ("WY", date(2019, 7, 1), "response", date(2019, 7, 31), date(2019, 7, 1),
     "30 days from acknowledged receipt Mon 07-01: Wed 07-31"),
    # --- MT: 2023 SB 232 (Ch. 439, L. 2023), from 2023-10-01 (MCA 1-2-201 default); MCA 1-1-216 holidays.
    ("MT", date(2023, 9, 29), "response", None, None,
     "before SB 232 only 'in a timely manner' (Helena IR 2023-02-22)"),
    ("MT", date(2023, 10, 2), "acknowledgment", date(2023, 10, 10), None,
     "5 bd: 10-03..10-06, Indigenous Peoples' and Columbus Day Mon 10-09 skipped, 10-10"),
    # --- AL: 2024 SB 270 in force 2024-10-01 (enrolled bill; bill summaries); § 36-12-43 10-day acknowledgment.
    ("AL", date(2024, 9, 30), "response", None, None,
     "before SB 270 § 36-12-40 set no time limit (enrolled bill's struck text; RCFP guide)"),
    ("AL", date(2024, 10, 1), "acknowledgment", date(2024, 10, 11), None,
     "10 days under § 36-12-43 from Tue 10-01: Fri 10-11"),
    # --- CA: Gov. Code § 6253(c) until 2022-12-31, § 7922.535(a) from 2023-01-01 (AB 473): 10 days both sides.
    ("CA", date(2022, 12, 21), "response", date(2023, 1, 3), None,
     "day 10 is Sat 12-31; Sun 01-01 observed Mon 01-02 (Gov. Code § 6701): rolls to Tue 01-03"),
    ("CA", date(2023, 1, 3), "response", date(2023, 1, 13), None,
     "10 days under § 7922.535(a): Fri 01-13"),
    # --- VT: 2011 Act 59 (H.73) in force 2011-07-01 (Legislative Council act summary; AP 2011-06-02): 2 -> 3 bd.
    ("VT", date(2011, 6, 30), "response", date(2011, 7, 5), None,
     "before Act 59 a denial was due in 2 business days (§ 318(a)(2), 2006 text): Fri 07-01, Mon 07-04 "
     "Independence Day skipped (§ 371), Tue 07-05"),
    ("VT", date(2011, 7, 1), "response", date(2011, 7, 7), None,
     "3 business days under Act 59: Mon 07-04 skipped, 07-05, 07-06, Thu 07-07"),
]


@pytest.mark.parametrize(
    "code, received_on, clock, expected, acknowledged_on, why", VERSION_CASES,
    ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in VERSION_CASES],
)
def test_version_in_force_on_receipt_sets_the_deadline(code, received_on, clock, expected, acknowledged_on, why):
    """Apply the law in force on the receipt date on each side of a version change."""
    clocks = compute_clocks(rule_for(code, received_on), received_on=received_on, calendar=business_calendar(code),
                            events=RequestEvents(acknowledged_on=acknowledged_on))
    assert clocks[clock].due_on == expected, why
    if expected is None:
        assert clocks[clock].is_statutory is False, why


# (received_on, appeal_filed_on, expected CAO decision due_on, why and source): the version is the one in
# force on the request's receipt date. 2017 SB 242 in force 2017-05-09 (no special clause; session ended
# 2017-03-09); Memorial Day 2017 is Mon 05-29 (Utah Code § 63G-1-301).
UTAH_APPEAL_CASES = [
    (date(2017, 5, 8), date(2017, 5, 22), date(2017, 5, 30),
     "before SB 242: 5 bd (2012 Utah Archives table, § 63G-2-401(5)): 05-23 .. 05-26, Memorial Day skipped, Tue 05-30"),
    (date(2017, 5, 9), date(2017, 5, 22), date(2017, 6, 6),
     "under SB 242: 10 bd (Archives GRAMA Essentials 4.2): 05-23 .. 05-26, 05-30 .. 06-02, 06-05, Tue 06-06"),
]


@pytest.mark.parametrize("received_on, appeal_filed_on, expected, why", UTAH_APPEAL_CASES,
                         ids=[c[0].isoformat() for c in UTAH_APPEAL_CASES])
def test_utah_appeal_decision_time_dates_from_sb_242(received_on, appeal_filed_on, expected, why):
    """Give the chief administrative officer 5 or 10 business days by the law in force on receipt."""
    clocks = compute_clocks(rule_for("UT", received_on), received_on=received_on, calendar=business_calendar("UT"),
                            events=RequestEvents(appeal_filed_on=appeal_filed_on))
    assert clocks["appeal_decision"].due_on == expected, why


def test_arizona_acknowledgment_dates_from_laws_2022_ch_142():
    """Owe an Arizona acknowledgment only for requests received once § 39-171 took effect on 2022-09-24."""
    # Laws 2022, ch. 142 (HB 2587, chaptered text on azleg.gov) adds § 39-171(B): 5 business days; no
    # emergency clause, so in force on the general effective date Sat 2022-09-24 (KOLD 2022-09-22).
    def clocks(received_on):
        return compute_clocks(rule_for("AZ", received_on), received_on=received_on,
                              calendar=business_calendar("AZ"), events=RequestEvents())

    before = clocks(date(2022, 9, 23))
    assert "acknowledgment" not in before
    assert before["response"].due_on is None and before["response"].is_statutory is False
    # Mon 09-26: 09-27, 09-28, 09-29, 09-30, Mon 10-03.
    assert clocks(date(2022, 9, 26))["acknowledgment"].due_on == date(2022, 10, 3)
    # Wed 10-05: 10-06, 10-07, Columbus Day Mon 10-10 skipped (A.R.S. § 1-301(A)), 10-11, 10-12, 10-13.
    assert clocks(date(2022, 10, 5))["acknowledgment"].due_on == date(2022, 10, 13)
    assert "Laws 2022, ch. 142" in deadline_report("AZ", date(2022, 9, 26))["in_force"]
    assert "ch. 142" not in deadline_report("AZ", date(2022, 9, 23))["in_force"]


def test_federal_appeal_window_dates_from_the_foia_improvement_act():
    """Give the 90-day appeal window only to requests made after the FOIA Improvement Act of 2016."""
    # Pub. L. 114-185 (signed 2016-06-30) applies to requests made after enactment (DOJ OIP guidance);
    # before it the window was each agency's regulation, so no statutory clock.
    before = compute_clocks(rule_for("US", date(2016, 6, 30)), received_on=date(2016, 6, 30),
                            calendar=business_calendar("US"), events=RequestEvents(denied_on=date(2016, 7, 5)))
    assert "appeal_filing" not in before
    # 20 working days from Thu 06-30, Independence Day Mon 07-04 skipped (5 U.S.C. § 552(a)(6)(A)(i), § 6103).
    assert before["response"].due_on == date(2016, 7, 29)
    after = compute_clocks(rule_for("US", date(2016, 7, 1)), received_on=date(2016, 7, 1),
                           calendar=business_calendar("US"), events=RequestEvents(denied_on=date(2016, 7, 5)))
    # 90 calendar days after the denial of Tue 07-05: Mon 10-03 (§ 552(a)(6)(A)(i)(III)(aa)).
    assert after["appeal_filing"].due_on == date(2016, 10, 3)


def test_new_jersey_grc_window_dates_from_its_2022_rules():
    """Apply the courts' 45 days before the GRC's 60-day complaint rule took effect on 2022-11-07."""
    # DCA release 2022-11-06: N.J.A.C. 5:105-2.1 sets 60 calendar days from 2022-11-07; before, only the
    # courts' 45 calendar days applied. Both last days fall on a Sunday and roll to Monday.
    def filing_due(received_on, denied_on):
        clocks = compute_clocks(rule_for("NJ", received_on), received_on=received_on,
                                calendar=business_calendar("NJ"), events=RequestEvents(denied_on=denied_on))
        return clocks["appeal_filing"].due_on

    assert filing_due(date(2022, 11, 1), date(2022, 11, 3)) == date(2022, 12, 19)
    assert filing_due(date(2022, 11, 7), date(2022, 11, 9)) == date(2023, 1, 9)


def test_vermont_unusual_circumstances_end_ten_business_days_after_receipt():
    """Flag a Vermont extension that runs past the 10 business days from receipt that 2011 Act 59 allows."""
    def response(days):
        events = RequestEvents(extensions=(Extension(date(2026, 11, 25), days, "business", "unusual circumstances"),))
        return compute_clocks(rule_for("VT", date(2026, 11, 23)), received_on=date(2026, 11, 23),
                              calendar=business_calendar("VT"), events=events)["response"]

    # 3 bd end Fri 11-27 (Thanksgiving skipped); + 7 bd = Tue 12-08, the 10th business day from receipt.
    assert response(7).due_on == date(2026, 12, 8) and not response(7).is_unlawful_extension
    # + 10 bd (the old reading: 10 more after the 3) would be Fri 12-11: unlawful, the lawful 12-08 is shown.
    late = response(10)
    assert late.is_unlawful_extension and late.due_on == date(2026, 12, 8)


def test_version_changes_name_their_act():
    """Name the act that made each researched version on the request's report."""
    assert "2019 SF0057" in deadline_report("WY", date(2019, 7, 1))["in_force"]
    assert "2023 SB 232" in deadline_report("MT", date(2023, 10, 2))["in_force"]
    assert "SF0057" not in deadline_report("WY", date(2019, 6, 28))["in_force"]
    assert "2024 SB 270" in deadline_report("AL", date(2024, 10, 1))["in_force"]
    assert "SB 270" not in deadline_report("AL", date(2024, 9, 30))["in_force"]
    assert "FOIA Improvement Act of 2016" in deadline_report("US", date(2016, 7, 1))["in_force"]
    assert "2011 Act 59 (H.73)" in deadline_report("VT", date(2011, 7, 1))["in_force"]
    assert "Act 59" not in deadline_report("VT", date(2011, 6, 30))["in_force"]
    assert "2017 SB 242" in deadline_report("UT", date(2017, 5, 9))["in_force"]
    assert "SB 242" not in deadline_report("UT", date(2017, 5, 8))["in_force"]


def test_every_jurisdiction_has_three_source_cases():
    """Cover each of the 53 jurisdictions at least three times from its own law."""
    from foia_tracker.deadlines.jurisdictions import JURISDICTIONS

    counts = {code: sum(1 for c in CASES + OPEN_DAYS if c[0] == code) for code in JURISDICTIONS}
    assert min(counts.values()) >= 3, {k: v for k, v in counts.items() if v < 3}
