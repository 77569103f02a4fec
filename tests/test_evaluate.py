"""The evaluator against counts done by hand on two small articles (spec section 4)."""
from telegraph_kg.evaluate import evaluate

GOLD_A = {
    "article": "a", "published": "2012-12-05",
    "entities": [
        {"name": "AT&T", "type": "Carrier"},
        {"name": "América Móvil", "type": "Carrier", "aliases": ["American Movil"]},
        {"name": "Greg Brutus", "type": "Person", "role": "spokesman", "affiliation": "AT&T"},
        {"name": "United States", "type": "Place", "aliases": ["U.S."]},
    ],
    "agreements": [{"kind": ["partnership", "roaming"], "parties": ["AT&T", "América Móvil"], "date": "2012-11"}],
    "acquisitions": [],
    "joint_ventures": [{"name": None, "partners": ["AT&T", "América Móvil"], "location": "United States"}],
    "figures": [{"subject": "AT&T", "metric": "customers", "value": 600, "approximate": True}],
}
PRED_A = {
    "article": "a",
    "entities": [
        {"name": "AT&T Inc.", "type": "Carrier"},                    # tp (suffix dropped)
        {"name": "American Movil", "type": "Carrier"},               # tp (alias)
        {"name": "Greg Brutus", "type": "Person", "role": "Spokesman"},   # tp; role ok, affiliation missing
        {"name": "U.S.", "type": "Organization"},                    # fp (wrong type) -> United States fn
    ],
    "agreements": [{"kind": "roaming", "parties": ["American Movil", "AT&T"], "date": "2012-11-05"}],  # tp; kind ok, date wrong
    "acquisitions": [{"acquirer": "AT&T", "target": "America Movil", "status": "rumoured"}],         # fp
    "joint_ventures": [{"name": "Something", "partners": ["AT&T", "América Móvil"]}],            # tp by partners; location missing
    "figures": [{"subject": "AT&T", "metric": "customers", "value": 602},                     # tp (within 0.5 %)
                {"subject": "AT&T", "metric": "revenue", "value": 5, "unit": "USD"}],         # fp
}
GOLD_B = {
    "article": "b",
    "entities": [{"name": "SoftBank", "type": "Carrier"}, {"name": "Sprint", "type": "Carrier"}],
    "agreements": [],
    "acquisitions": [{"acquirer": "SoftBank", "target": "Sprint", "stake_percent": 70,
                      "value": {"amount": 20100000000, "currency": "USD"}, "date": "2012-10", "status": "announced"}],
    "joint_ventures": [],
    "figures": [{"subject": "Sprint", "metric": "subscribers", "value": 56000000, "segment": "mobile"}],
}
PRED_B = {
    "article": "b",
    "entities": [{"name": "Softbank Corp", "type": "Carrier"}, {"name": "Sprint", "type": "Carrier"},
                 {"name": "Tokyo", "type": "Place"}],                                          # 2 tp, 1 fp
    "agreements": [{"kind": "merger", "parties": ["SoftBank", "Sprint"]}],                     # fp
    "acquisitions": [{"acquirer": "SoftBank", "target": "Sprint", "stake_percent": 70.0,
                      "value": {"amount": 20.1e9, "currency": "USD"}, "date": "2012-10-15", "status": "announced"}],
    "joint_ventures": [],
    "figures": [{"subject": "Sprint", "metric": "subscribers", "value": 57000000, "segment": "mobile"}],  # fp + fn (1.8 % off)
}


def test_scores_match_a_hand_count():
    report = evaluate({"a": PRED_A, "b": PRED_B}, {"a": GOLD_A, "b": GOLD_B})
    s = report.scores
    # entities: a: 3 tp, 1 fp, 1 fn; b: 2 tp, 1 fp, 0 fn
    assert (s["entities"].tp, s["entities"].fp, s["entities"].fn) == (5, 2, 1)
    assert s["entities"].attrs == {"role": [1, 1], "affiliation": [0, 1]}
    assert (s["agreements"].tp, s["agreements"].fp, s["agreements"].fn) == (1, 1, 0)
    assert s["agreements"].attrs == {"kind": [1, 1], "date": [0, 1]}
    assert (s["acquisitions"].tp, s["acquisitions"].fp, s["acquisitions"].fn) == (1, 1, 0)
    assert s["acquisitions"].attrs == {"stake_percent": [1, 1], "value": [1, 1], "date": [0, 1], "status": [1, 1]}
    assert (s["joint_ventures"].tp, s["joint_ventures"].fp, s["joint_ventures"].fn) == (1, 0, 0)
    assert s["joint_ventures"].attrs == {"partners": [1, 1], "location": [0, 1]}
    assert (s["figures"].tp, s["figures"].fp, s["figures"].fn) == (1, 2, 1)
    assert s["figures"].attrs == {"approximate": [0, 1]}
    # micro averages: entities P = 5/7, R = 5/6
    assert round(s["entities"].precision, 4) == round(5 / 7, 4)
    assert round(s["entities"].recall, 4) == round(5 / 6, 4)
    assert round(s["figures"].f1, 4) == round(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2), 4)


def test_missing_prediction_counts_as_all_missed():
    report = evaluate({}, {"b": GOLD_B})
    assert report.scores["entities"].fn == 2 and report.scores["entities"].tp == 0
    assert report.scores["acquisitions"].f1 == 0.0
