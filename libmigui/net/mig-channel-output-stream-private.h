/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mig-channel.h"

G_BEGIN_DECLS

#define MIG_TYPE_CHANNEL_OUTPUT_STREAM (mig_channel_output_stream_get_type ())

G_DECLARE_FINAL_TYPE (MigChannelOutputStream, mig_channel_output_stream, MIG, CHANNEL_OUTPUT_STREAM, GOutputStream)

GOutputStream *mig_channel_output_stream_new (MigChannel *channel);

void mig_channel_output_stream_detach (MigChannelOutputStream *self);

G_END_DECLS
