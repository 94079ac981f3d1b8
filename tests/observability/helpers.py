"""Reading /metrics in tests: one sample's value by name and labels."""

from prometheus_client.parser import text_string_to_metric_families


def samples(client, **headers):
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.status_code
    text = response.get_data(as_text=True)
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(found, name, **labels):
    return found.get((name, tuple(sorted(labels.items()))), 0.0)
