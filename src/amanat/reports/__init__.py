"""Open-source reports (issue 20): a news article or an NGO or research report read into
candidate records — events, people, quantities — each with the words it came from.

Pure cores here (reading a file's main text, the extraction parts); the tables of
reports, publishers and candidates are ``reports.models``; storing, grading and
confirming go through the one door (``actions.reports``).  Nothing a report proposes
enters the register until an analyst confirms it.
"""
