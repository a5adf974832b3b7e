"""A problem's message links the other claim it names, and escapes everything else."""

from workforce.models import Claim
from workforce.rules import Problem
from workforce.templatetags.claim_tags import problem_message


def test_the_reference_becomes_a_link_to_that_claim():
    problem = Problem("duplicate", "A <b> is already claimed in CL-00032.", refers_to="CL-00032")
    assert problem_message(problem) == (
        'A &lt;b&gt; is already claimed in <a href="/claims/32/">CL-00032</a>.'
    )


def test_without_a_reference_the_message_is_only_escaped():
    assert problem_message(Problem("x", "Cost < 0 & more")) == "Cost &lt; 0 &amp; more"
    assert problem_message(Problem("x", "No ref here", refers_to="CL-00001")) == "No ref here"


def test_a_reference_gives_back_its_claim_id():
    assert Claim.pk_from_reference("CL-00032") == 32
    assert Claim.pk_from_reference("ADJ-00040") == 40
    assert Claim.pk_from_reference("XY-1") is None and Claim.pk_from_reference("CL-x") is None
