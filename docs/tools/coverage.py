#!/usr/bin/env python3
"""Write docs/rules-coverage.md: every catalog id as implemented / not applicable / not yet, with the
reason. Implemented ids are read from src/rules/*.rs; the reasons for the others are below.
A test (tests/docs.rs) checks the file against the code. Run from the repository root."""
import glob
import re
import tomllib

NA = 'not applicable to a meeting tool'
NY = 'not yet'

# (status, reason) for every rule that is not implemented, by id or by prefix.
REASONS = {
    'notice-partC-invitation': (NY, 'needs the Part C (IFSP) history and the parent\'s request to invite the service coordinator in the model.'),
    'notice-audio-recording-24h': (NY, 'needs recording notice (who records, when notified, parent consent) in the notice form.'),
    'notice-team-members-notified': (NY, 'needs a per-member invitation date; the notice records only that attendees were listed.'),
    'notice-dor-notified-interdistrict': (NY, 'needs district of residence / attendance in the student record.'),
    'notice-iee-on-agenda': (NY, 'needs independent educational evaluations received since the last IEP.'),
    'notice-records-before-meeting': (NA, 'records requests are handled by the records office, outside the meeting; no meeting data can show it.'),
    'team-assessment-personnel-for-eligibility': (NY, 'needs the list of assessors whose reports are used, to match against attendees.'),
    'team-dor-rep-when-involved': (NY, 'needs district of residence and SCIA data.'),
    'team-nps-staff': (NY, 'needs placement type (NPS) in the case record.'),
    'team-transportation-staff': (NY, 'needs the IEP 8 transportation data (equipment, BIP on the bus, medical fragility).'),
    'surrogate-required': (NA, 'surrogate appointment is an LEA process before any meeting (search for parents, court orders); the tool records the rights holder only.'),
    'surrogate-no-conflict': (NA, 'a conflict-of-interest judgment about the surrogate\'s employment, outside meeting data.'),
    'surrogate-appointment-documented': (NY, 'needs the appointment and acceptance forms as case documents.'),
    'surrogate-interim-timeline': (NA, 'an LEA duty to appoint within 30 days, outside the meeting.'),
    'parent-refuses-to-represent': (NA, 'a situation reported by staff, not data a meeting form holds.'),
    'parent-both-parents-access': (NA, 'family-law status (divorce, separation) is not recorded by the tool.'),
    'goal-lack-of-progress-addressed': (NY, 'needs the prior IEP\'s goals and their progress to compare with the new goals.'),
    'goal-modified-standards-legacy': (NA, 'CMA has been discontinued (catalog citation caveat 2); no current student can be assessed on it.'),
    'svc-related-service-necessity': (NY, 'needs a link from each service line to a need or goal.'),
    'svc-slpa-specified': (NY, 'needs the provider credential (SLP vs SLPA) on service lines.'),
    'svc-home-hospital': (NY, 'needs home/hospital instruction details (physician verification, hours).'),
    'svc-scia-documentation': (NY, 'needs the SCIA (1:1 aide) documentation set.'),
    'svc-ermhs-documentation': (NY, 'needs the ERMHS assessment and service documentation.'),
    'svc-transportation-specified': (NY, 'needs the IEP 8 transportation form.'),
    'svc-supports-for-personnel': (NY, 'needs IEP 8 support lines; the tool holds one supports-for-personnel statement.'),
    'svc-physical-education': (NY, 'needs the IEP 7B physical education choice.'),
    'svc-other-agency': (NY, 'needs outside agencies serving the student (CCS, Regional Center...).'),
    'assess-alternate-criteria-not-improper-basis': (NY, 'needs the alternate-assessment eligibility criteria checklist.'),
    'assess-testing-variation-consistency': (NY, 'needs testing supports broken down per test and per instructional use.'),
    'assess-el-proficiency-test': (NY, 'needs the ELPAC participation choice for English learners.'),
    'acc-instructional-related-to-disability': (NY, 'needs accommodations as a list linked to needs.'),
    'acc-modifications-consequences-explained': (NY, 'needs a record that the consequences of modifications were explained.'),
    'acc-preschool-strategies': (NY, 'needs preschool strategies on IEP 6A.'),
    'acc-universal-tools-deactivation': (NY, 'needs per-test universal tools.'),
    'lre-school-of-residence-rationale': (NY, 'needs the IEP 7B school-of-residence question.'),
    'lre-continuum-considered': (NY, 'needs the continuum of placements considered, in order.'),
    'lre-supplementary-aids-listed': (NY, 'needs supplementary aids as a list.'),
    'lre-placement-basis-individual': (NA, 'whether a placement was decided on an improper basis (category, availability) is a judgment, not data.'),
    'lre-placement-by-group-with-parents': (NA, 'the placement decision process is shown by attendance and consent, which other rules check.'),
    'lre-nonacademic-participation': (NY, 'needs non-academic and extracurricular participation on IEP 7B.'),
    'lre-special-class-day-length': (NY, 'needs the school-day length of a special class placement.'),
    'lre-special-class-regular-time': (NY, 'needs special-class placement data.'),
    'lre-nps-public-first': (NY, 'needs placement type (NPS) and the public options considered.'),
    'lre-nps-annual-review': (NY, 'needs placement type (NPS).'),
    'lre-out-of-state-nps': (NY, 'needs placement type (out-of-state NPS).'),
    'lre-residential-mental-health': (NY, 'needs residential placement data.'),
    'lre-interdistrict-dor-approval': (NY, 'needs district of residence / attendance.'),
    'lre-iee-observation-of-proposed-setting': (NA, 'an IEE assessor\'s right to observe, outside the meeting.'),
    'lre-close-to-home': (NY, 'needs school of residence vs. school of service.'),
    'esy-improper-denial-basis': (NY, 'needs the stated reason for denying ESY; free text cannot be judged reliably.'),
    'esy-timing': (NY, 'needs a district setting for the minimum days before the break.'),
    'esy-transportation': (NY, 'needs the IEP 8 transportation form.'),
    'transition-updated-annually': (NY, 'needs the prior IEP\'s transition plan to compare.'),
    'transition-regulations-checklist': (NY, 'needs the 8 IEP 6D page-3 checklist answers (most are derived by other rules).'),
    'transition-agency-linkages': (NY, 'needs the adult-agency table of IEP 6D.'),
    'transition-agency-failure-reconvene': (NA, 'an agency failing to provide services happens after the meeting.'),
    'transition-discuss-first': (NY, 'needs the agenda order chosen for the meeting (agenda templates, issue 5).'),
    'transition-graduation-pwn': (NY, 'needs exit data (graduation) and prior written notice records.'),
    'transition-summary-of-performance': (NY, 'needs exit data and the Summary of Performance (NC 12).'),
    'transition-special-class-to-gened': (NY, 'needs the IEP 6E program change plan.'),
    'transition-preschool-to-k': (NY, 'needs the IEP 6E program change plan.'),
    'tor-unable-to-consent': (NA, 'a team belief about capacity to consent is a judgment, not data.'),
    'tor-incarcerated-youth': (NY, 'needs incarceration status in the student record.'),
    'consent-initial-refusal-blocks-services': (NY, 'needs the IEP 9A "declined initiation of services" box.'),
    'consent-medi-cal-separate': (NY, 'needs the district\'s Medi-Cal billing setting.'),
    'consent-revocation-written-pwn': (NA, 'revocation happens outside a meeting, in writing to the district.'),
    'consent-reevaluation-reasonable-measures': (NY, 'needs reassessment plan dates and responses.'),
    'pwn-on-proposal-or-refusal': (NY, 'needs prior written notice records (issue 5 exports may generate them).'),
    'consent-private-school-fape-offer': (NY, 'needs private-school placement data.'),
    'consent-ward-of-state': (NY, 'needs dependency status in the student record.'),
    'tl-parent-15-days-to-consent': (NY, 'needs assessment plan sent/returned dates as a reminder.'),
    'tl-initial-iep-30-days-after-eligibility': (NY, 'needs a separate eligibility meeting date.'),
    'tl-reassessment-request-15-days': (NY, 'needs the parent\'s reassessment request date and the LEA response.'),
    'tl-transfer-same-selpa': (NY, 'needs transfer kind and comparable-services data.'),
    'tl-transfer-out-of-state': (NY, 'needs transfer kind.'),
    'tl-records-transfer-5-working-days': (NA, 'records requests between agencies happen outside the meeting.'),
    'tl-nps-transfer-review-15-working-days': (NY, 'needs placement type (NPS) and transfer data.'),
    'tl-third-birthday': (NY, 'needs Part C transition data.'),
    'tl-preschool-to-k-reassessment': (NY, 'needs grade transition data and the last preschool IEP.'),
    'tl-age-19-22-eligibility': (NY, 'needs enrollment history and diploma status.'),
    'tl-scia-six-month-review': (NY, 'needs SCIA data.'),
    'tl-private-school-student-reviews': (NY, 'needs private-school service plan data.'),
    'tl-iee-response': (NY, 'needs IEE requests.'),
    'tl-consolidate-meetings': (NY, 'belongs to the caseload dashboard (issue 4).'),
}
PREFIX = {
    'elig-': (NY, 'eligibility evidence rules need the assessment report and the eligibility criteria forms (IEP 2C...) in the model; '
                  'the meeting tool implements the three determinations and the special rule.'),
    'sf-b': (NY, 'behavior plans and behavioral emergency reports (IEP 6G, BER) are not yet in the model.'),
    'sf-fba': (NY, 'needs assessment plans for functional behavior assessments.'),
    'sf-lep-meeting-steps': (NY, 'a reminder list for English learners; shown by sf-lep-language-needs for now.'),
    'sf-lep-primary-language': (NY, 'needs the primary-language instruction decision on IEP 6C.'),
    'sf-communication-needs-all': (NY, 'handbook ambiguity (Appendix C.21): applied to deaf/hard-of-hearing students by sf-dhh-communication.'),
    'sf-at-home': (NY, 'needs home use of assistive technology devices.'),
    'sf-low-incidence': (NY, 'needs low-incidence equipment (BME) data.'),
    'sf-statement': (NY, 'needs the statement of needed devices or services.'),
    'disc-': (NY, 'needs discipline records (removal days, IAES, notices); the manifestation meeting itself is checked by the disc-md-* rules.'),
}


def main():
    impl = {}
    for f in sorted(glob.glob('src/rules/*.rs')):
        for i in re.findall(r'Rule \{ id: "([^"]+)"', open(f, encoding='utf-8').read()):
            impl[i] = f
    rules = tomllib.load(open('data/rules.toml', 'rb'))['rule']
    out = ['# Rules coverage', '',
           'Every rule id of the compliance catalog (`shared/rules/catalog.md`, 259 rules) and what the engine does with it.',
           'Generated by `docs/tools/coverage.py`; `tests/docs.rs` checks it against the code.', '']
    counts = {'implemented': 0, NA: 0, NY: 0}
    section = None
    rows = []
    for r in rules:
        rid = r['id']
        if rid in impl:
            status, reason = 'implemented', '`' + impl[rid] + '`'
        elif rid in REASONS:
            status, reason = REASONS[rid]
        else:
            match = [v for k, v in PREFIX.items() if rid.startswith(k)]
            if not match:
                raise SystemExit(f'no reason for {rid}')
            status, reason = match[0]
        counts[status] += 1
        if r['catalog_section'] != section:
            section = r['catalog_section']
            rows.append(f'\n## {section}\n\n| id | severity | status | where / why |\n|---|---|---|---|')
        rows.append(f'| `{rid}` | {r["severity"]} | {status} | {reason} |')
    out.append(f'**{counts["implemented"]} implemented, {counts[NA]} not applicable to a meeting tool, {counts[NY]} not yet.**')
    out.append('')
    out.append('Where the handbook is ambiguous (catalog Appendix C) the engine follows the catalog\'s resolution and says so in the finding\'s `note`: '
               'procedural-safeguards triggers (C.1), the age-16 transition trigger (C.2), the 60-day break exclusion (C.3), '
               'the LEA representative\'s authority (C.4, a WARNING), excusal consent plus input (C.5), contact attempts (C.6), the age-22 rules (C.19).')
    out.extend(rows)
    open('docs/rules-coverage.md', 'w', encoding='utf-8').write('\n'.join(out) + '\n')
    print(counts)


if __name__ == '__main__':
    main()
