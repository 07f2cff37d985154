/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <migui.h>

G_BEGIN_DECLS

#define SKETCH_TYPE_APPLICATION (sketch_application_get_type ())
G_DECLARE_FINAL_TYPE (SketchApplication, sketch_application, SKETCH, APPLICATION, MigApplication)

SketchApplication *sketch_application_new (void);

G_END_DECLS
