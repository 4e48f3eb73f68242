"""The monthly pack: build (lock -> load -> run notebooks -> write tables -> publish), the warm
kernels the notebooks run on, and the PDF board paper."""
