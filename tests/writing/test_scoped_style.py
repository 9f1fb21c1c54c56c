"""Author CSS in a slide: `<style scoped>` bound to its own slide."""

from lecture_tool.writing.scoped_style import _slide_as_scope


def test_in_a_scoped_style_section_means_the_slide_itself():
    css = (
        '/* c */ section { content: "a{b}"; }\nsection.lead h1, h2,section>p { x: y }\n'
        "@media print { section { x: y } }\ndiv section, sections { x: y }\n"
    )
    assert _slide_as_scope(css) == (
        ' :scope { content: "a{b}"; }\n:scope.lead h1, h2,:scope>p { x: y }\n'
        "@media print { :scope { x: y } }\ndiv section, sections { x: y }\n"
    )
