"""The stepper's sentences for what `minimize` adds: gradient ops name the forward op they
differentiate (a product's gradient its chain-rule product), updates say how they change
their variable."""
from __future__ import annotations

import pytest

import nbgraph as tf
from nbgraph.render.explain import explain


@pytest.fixture
def stepped():
    """The sentence of every step of one training step, by op name."""
    def run(optimizer):
        x = tf.constant([1.0, 2.0], name="x")
        w = tf.Variable(3.0, name="w")
        loss = tf.reduce_mean(tf.square(w * x), name="loss")
        train_op = optimizer.minimize(loss)
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            steps = s.steps(train_op)
            steps.run_to(10_000)
            assert steps.finished
            return {r.op.name: explain(r) for r in steps.records}
    return run


def test_a_products_gradient_says_its_chain_rule_product(stepped):
    said = stepped(tf.train.GradientDescentOptimizer(0.1))
    assert said["gradients/mul_grad/Mul"] == (
        "Mul gradients/mul_grad/Mul computes d(loss)/d(w) for mul: the incoming gradient × x "
        "= [3. 6.] × [1. 2.] = [ 3. 12.]")
    assert said["gradients/mul_grad/Mul_1"] == (
        "Mul gradients/mul_grad/Mul_1 computes d(loss)/d(x) for mul: w × the incoming gradient "
        "= 3. × [3. 6.] = [ 9. 18.]")


def test_the_backward_pass_starts_at_the_loss_and_each_step_names_its_forward_op(stepped):
    said = stepped(tf.train.GradientDescentOptimizer(0.1))
    assert said["gradients/Fill"] == "Fill gradients/Fill starts the backward pass at loss: d(loss)/d(loss) = 1."
    assert said["gradients/mul_grad/Sum"] == (
        "Sum adds up gradients/mul_grad/Mul over axis [0]: [ 3. 12.] -> 15. "
        "(chain rule for d(loss), back through mul, a Mul)")
    assert said["gradients/loss_grad/truediv"].endswith("(chain rule for d(loss), back through loss, a Mean)")
    assert said["mul"] == "Mul multiplies w and x element-wise: 3. * [1. 2.] = [3. 6.]"   # forward: as before


def test_gradient_descent_says_its_update(stepped):
    said = stepped(tf.train.GradientDescentOptimizer(0.1))
    assert said["GradientDescent/update_w/ApplyGradientDescent"] == (
        "ApplyGradientDescent updates w: w - learning_rate × gradient = w - 0.1 × 15. = 1.5")


def test_adam_says_its_rule_gradient_and_result(stepped):
    said = stepped(tf.train.AdamOptimizer(0.1))
    assert said["Adam/update_w/ApplyAdam"] == "ApplyAdam updates w by the Adam rule from its gradient 15.: w is now 2.9"
