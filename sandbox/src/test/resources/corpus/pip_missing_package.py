# expect-status: FAILED
# expect-error: ModuleNotFoundError
# expect-stderr: cannot install packages (tensorflow requested); it has:
!pip install tensorflow
print("never printed")
