class TemplateError(ValueError):
    """Raised for template syntax and rendering errors."""


def render(template, context):
    """Render a template with {{ }}, {% for %}, {% if %} and {# #} syntax."""
    pass
