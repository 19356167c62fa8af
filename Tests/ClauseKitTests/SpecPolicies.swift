import Foundation
import Testing
@testable import ClauseKit

/// The two normative policies of the language specification, verbatim.
enum SpecPolicies {
    static let acmePPO = #"""
# Acme Health commercial PPO: ketamine and esketamine for psychiatric conditions.
# A conformance example of the Clause language: it must parse, check and
# evaluate exactly as the cases in ../cases/acme-ppo/ expect.

policy "Acme Health PPO: Ketamine and Esketamine" {
  payer "Acme Health"
  version "2026.1"
  effective 2026-01-01
}

codes major_depression = icd10 { F32.0-F32.5, F32.9, F32.A, F33.0-F33.3, F33.8, F33.9 }
codes psychosis        = icd10 { F20.*, F22, F23, F25.*, F28, F29, F32.3, F33.3 }
codes anesthesia_use   = icd10 { Z01.818 }

treatment esketamine "Spravato (esketamine) nasal spray" {
  billing hcpcs J0013, G2082, G2083     # J0013 replaced S0013 on 2026-01-01
  fda approved for major_depression since 2019-03-05
}

treatment iv_ketamine "Ketamine infusion (IV)" {
  billing hcpcs J3490
  billing cpt 96365
  fda approved for anesthesia_use
}

define adult = patient.age >= 18 "member is 18 or older"
define adequate_trials =
  distinct(history.trials.drug_class where weeks >= 6 and improvement <= 25%) >= 2
  "failed antidepressants of 2 or more classes, each taken 6+ weeks with 25% or less improvement"

cover esketamine "Esketamine for treatment-resistant depression" when {
  adult
  diagnosis in major_depression        "diagnosis of major depressive disorder"
  adequate_trials
  medications.oral_antidepressant      "used together with an oral antidepressant"
  provider.rems_certified              "given in a REMS-certified healthcare setting"
}
  requires prior_authorization
  requires document "PHQ-9 or MADRS score from the last 30 days"

deny esketamine "Contraindications" when any {
  diagnosis in psychosis               "psychotic disorder"
  patient.pregnant                     "pregnancy"
  history.aneurysmal_vascular_disease  "aneurysmal vascular disease or AV malformation"
}

deny iv_ketamine "Experimental and investigational for psychiatric conditions"
  when fda off_label
  unless request.clinical_trial        "enrolled in an approved clinical trial"

cover iv_ketamine "Ketamine within an approved clinical trial" when {
  adult
  request.clinical_trial               "enrolled in an approved clinical trial"
}

limit esketamine {
  8 sessions per 28 days during weeks 1-4     # induction: twice weekly
  4 sessions per 28 days from week 5          # maintenance: weekly or less
  52 sessions per 365 days
  authorization lasts 6 months
}

network {
  tier preferred      coinsurance 10%
  tier in_network     coinsurance 20% after deductible
  tier out_of_network coinsurance 50% after deductible, requires referral
}
"""#

    static let valleyHMO = #"""
# Valley Care HMO: a plan that covers IV ketamine off-label under strict criteria.
# A conformance example of the Clause language: it must parse, check and
# evaluate exactly as the cases in ../cases/valley-hmo/ expect.

policy "Valley Care HMO: Ketamine Therapies" {
  payer "Valley Care"
  version "2026.2"
  effective 2026-02-01
  expires 2027-02-01
}

codes depression = icd10 { F32.*, F33.* }
codes ptsd       = icd10 { F43.10-F43.12 }
codes bipolar    = icd10 { F31.* }
codes substance_use_disorder = icd10 { F10.2*, F11.2*, F12.2*, F14.2*, F15.2*, F16.2* }

treatment esketamine "Spravato (esketamine) nasal spray" {
  billing hcpcs S0013, G2082, G2083
  fda approved for depression since 2019-03-05
}

treatment iv_ketamine "Ketamine infusion (IV)" {
  billing hcpcs J3490
  fda investigational for ptsd
}

define severe = any {
  scores.phq9 >= 20                    "PHQ-9 of 20 or more"
  scores.madrs >= 35                   "MADRS of 35 or more"
}

cover esketamine "Esketamine for depression" when {
  patient.age >= 18                    "member is 18 or older"
  diagnosis in depression              "depressive disorder"
  history.failed_antidepressants >= 2  "two failed antidepressant trials"
}
  requires prior_authorization

cover iv_ketamine "IV ketamine for refractory depression" when {
  patient.age >= 21                    "member is 21 or older"
  diagnosis in depression              "depressive disorder"
  at least 2 of {
    history.failed_antidepressants >= 4   "four failed antidepressant trials"
    history.failed_esketamine             "esketamine tried without response"
    history.ect_trial                     "course of electroconvulsive therapy"
    severe
  }
  history.psychotherapy_weeks >= 12    "12 weeks of psychotherapy"
}
  requires prior_authorization
  requires document "letter of medical necessity"
  requires document "treatment plan with response measures"

deny iv_ketamine "Investigational for PTSD" when fda investigational

deny esketamine, iv_ketamine "Substance use or bipolar disorder" when any {
  diagnosis in substance_use_disorder  "active substance use disorder"
  diagnosis in bipolar                 "bipolar disorder"
}

limit iv_ketamine {
  6 sessions per 21 days
  12 sessions per 365 days
  $6,000 per 365 days                  # benefit maximum
  authorization lasts 3 months
}

limit esketamine {
  8 sessions per 28 days
  authorization lasts 6 months
}

network {
  tier in_network     copay $40
  tier out_of_network not covered
}
"""#
}
