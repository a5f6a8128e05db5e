"""The region profile: everything known about one region, the advice beside the decision, why,
what is still to do, and the history of every change.

The page is built from the current compass version and the dataset read from the database (the
same inputs as `kompas explain`). The parts that change when a judgement or a gate is saved (the
advice panel, one criterion, one gate, the history) are separate fragments, so the judging views
in `kompas.assessments.views` can send them back at once.
"""
