"""Word lists that make generated labels read like a police service's design documents."""

from __future__ import annotations

SERVICE_AREAS: list[tuple[str, str, str]] = [
    ("F", "forensics", "Forensics"),
    ("SII", "specialist-investigations", "Specialist Investigations & Intelligence"),
    ("CP", "custody-prosecutions", "Custody & Prosecutions"),
]
"""(code, IRI local name, label) of the three service areas the programme redesigns."""

LEVEL1 = {
    "F": [
        "Crime Scene Examination",
        "Forensic Science Services",
        "Digital Forensics",
        "Forensic Intelligence",
        "Exhibit Management",
        "Forensic Quality Assurance",
    ],
    "SII": [
        "Covert Intelligence",
        "Major Investigations",
        "Serious Organised Crime",
        "Intelligence Analysis",
        "Financial Investigation",
        "Surveillance",
    ],
    "CP": [
        "Detention Management",
        "Case Preparation",
        "Charging and Disposal",
        "Prisoner Welfare",
        "Court Liaison",
        "Victim and Witness Care",
    ],
}

VERBS = [
    "Manage",
    "Record",
    "Assess",
    "Plan",
    "Coordinate",
    "Review",
    "Analyse",
    "Share",
    "Capture",
    "Triage",
    "Authorise",
    "Monitor",
    "Disclose",
    "Store",
    "Report on",
]

OBJECTS = [
    "exhibits",
    "case files",
    "intelligence reports",
    "detainee records",
    "samples",
    "digital devices",
    "warrants",
    "statements",
    "risk assessments",
    "charging advice",
    "custody records",
    "surveillance logs",
    "scene records",
    "disclosure schedules",
    "biometric data",
    "witness contacts",
    "property",
    "court outcomes",
    "tasking",
    "performance data",
]

PROCESS_NOUNS = [
    "intake",
    "booking-in",
    "handover",
    "review",
    "approval",
    "submission",
    "retrieval",
    "update",
    "closure",
    "escalation",
]

FEATURES = [
    "custody record",
    "case file builder",
    "exhibit tracker",
    "intelligence log",
    "digital evidence locker",
    "warrant manager",
    "task board",
    "person record",
    "document store",
    "disclosure manager",
    "biometric matcher",
    "search",
    "workflow engine",
    "notifications",
    "reporting dashboard",
    "mobile capture",
]

PROJECT_THEMES = [
    "Operating Model Design",
    "Process Redesign",
    "MiPS Adoption",
    "Data Migration",
    "Workforce Change",
    "Estate Consolidation",
    "Digital Case Files",
    "Intelligence Sharing",
]

FIRST_NAMES = [
    "Alex",
    "Sam",
    "Priya",
    "Tom",
    "Aisha",
    "James",
    "Mei",
    "Oliver",
    "Fatima",
    "Daniel",
    "Grace",
    "Kwame",
    "Sophie",
    "Ravi",
    "Hannah",
    "Liam",
]

LAST_NAMES = [
    "Patel",
    "Smith",
    "Okafor",
    "Jones",
    "Khan",
    "Williams",
    "Chen",
    "Brown",
    "Ahmed",
    "Taylor",
    "Nowak",
    "Evans",
    "Singh",
    "Murphy",
    "Adeyemi",
    "Clarke",
]

ROLES = [
    "Design Lead",
    "Subject-Matter Expert",
    "Business Change Manager",
    "Process Owner",
    "Head of Service",
    "Capability Owner",
    "Benefits Owner",
]

PRINCIPLES = [
    "One record per person",
    "Digital by default",
    "Capture once, use many times",
    "Standard processes across the Met",
    "Data owned and governed",
    "Officers on the front line",
    "Secure by design",
    "Evidence-led decisions",
    "Partner interoperability",
    "Continuous improvement",
    "Accessible services",
    "Value for money",
]

EXTERNAL = [
    "National Law Enforcement Data Programme",
    "Home Office Biometrics",
    "CPS Digital Case Management",
    "HMCTS Common Platform",
    "Emergency Services Network",
    "National ANPR Service",
]

DIMENSIONS = ["People", "Process", "Technology", "Data", "Organisation", "Location", "Governance"]

MEASURES = [
    ("median hours from arrest to charge decision", "hours"),
    ("officer hours returned to active policing a year", "hours"),
    ("forensic turnaround time", "days"),
    ("case files rejected by the CPS", "%"),
    ("duplicate records created", "records a month"),
]
