/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <migui.h>

G_BEGIN_DECLS

#define SURVEY_TYPE_COMMENTS_FORM (survey_comments_form_get_type ())

G_DECLARE_FINAL_TYPE (SurveyCommentsForm, survey_comments_form, SURVEY, COMMENTS_FORM, MigWindow)

G_END_DECLS
