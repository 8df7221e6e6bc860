# ruff: noqa: E501  (the report is written as one paragraph per line)
"""Constants shared by the dashboard tests (the demo's key, the token, a report)."""

DEMO_KEY = "SIM-KP-2025-05-08-seed0"
TOKEN = "test-token-7f3a"

#: A report the ingest page and API read (two SRBMs from Sunan, 08:10 KST on 24 March 2022).
YONHAP = """SEOUL, March 24, 2022 (Yonhap) -- North Korea fired two short-range ballistic missiles into the East Sea on Thursday, South Korea's Joint Chiefs of Staff (JCS) said.

The missiles were launched from the Sunan area in Pyongyang at 8:10am and 8:32am, the JCS said. They flew about 800km (500 miles) and reached an altitude of 60 km, it added.
"""
YONHAP_KEY = "KP-2022-03-24"
