"""The course: course.yml (config), notebooks and their markers, and the build that writes
release/ and solutions/ from source/. Pure transforms, except ``build`` which writes files."""
