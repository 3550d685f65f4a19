-- SPDX-License-Identifier: MIT
-- Copyright (c) PMIP Lab contributors
--
-- Permission is hereby granted, free of charge, to any person obtaining a copy of this software
-- and associated documentation files (the "Software"), to deal in the Software without
-- restriction, including without limitation the rights to use, copy, modify, merge, publish,
-- distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
-- Software is furnished to do so, subject to the following conditions:
--
-- The above copyright notice and this permission notice shall be included in all copies or
-- substantial portions of the Software.
--
-- THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
-- BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
-- NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
-- DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
-- OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
--
-- The MAG <-> PMIP client protocol of draft-singh-netlmm-protocol-02 §4.9, as PMIP Lab sends it:
-- Trigger (1) and Notification (2), and the lab's own Conflict Detection Request/Reply (3, 4)
-- between PMIP clients and Context Transfer (5) between MAGs. The PBA a Notification carries in
-- its Container option is handed to Wireshark's Mobility Header dissector ("mip6").
--
-- LAB CHOICES, not standards: IANA never assigned the SCTP port or the 'PMIP-MAG' payload protocol
-- identifier the draft asks for, so PMIP Lab uses SCTP port 49152 on both sides with PPID 0, and
-- this dissector registers on sctp.port 49152. The draft also gives its options no numbers; the
-- lab uses 1 L2-ID, 2 IP address, 3 Container, 4 Status, 5 PMIP client, with an Option Len that
-- counts the data only, and bit 0x1000 of the Reserved field as the Trigger's stateless flag.
-- Field names are the ones PMIP Lab's inspector shows (src/wire/netlmm.ts).
--
-- Load it for one run:   wireshark -X lua_script:wireshark/netlmm.lua capture.pcapng
--                        tshark -X lua_script:wireshark/netlmm.lua -r capture.pcapng -V
-- or copy it to the personal Lua plugins folder (Help > About Wireshark > Folders).

local NETLMM_SCTP_PORT = 49152

local netlmm = Proto("netlmm", "NETLMM MAG-PMIP client protocol")

local types = {
  [1] = "Trigger",
  [2] = "Notification",
  [3] = "Conflict Detection Request",
  [4] = "Conflict Detection Reply",
  [5] = "Context Transfer",
}
local option_names = { [1] = "L2-ID", [2] = "IP address", [3] = "Container", [4] = "Status", [5] = "PMIP client" }
local option_fields = { [1] = "l2id", [2] = "ip", [3] = "container", [4] = "status", [5] = "client" }
local statuses = {
  [0] = "Success",
  [1] = "Rejected by the LMA (see the PBA)",
  [2] = "MN identifier and pHoA do not match",
  [3] = "Address conflict detected",
  [4] = "No answer from the LMA",
  [5] = "Unknown MN and no pHoA",
  [6] = "No security association for this MN",
}

local f = {
  type = ProtoField.uint8("netlmm.type", "Type", base.DEC, types),
  length = ProtoField.uint8("netlmm.length", "Length", base.DEC),
  word = ProtoField.uint16("netlmm.ver_reserved", "Version and Reserved", base.HEX),
  version = ProtoField.uint16("netlmm.version", "Version", base.DEC, nil, 0xe000),
  stateless = ProtoField.bool("netlmm.stateless", "Stateless (S)", 16, nil, 0x1000),
  reserved = ProtoField.uint16("netlmm.reserved", "Reserved", base.DEC, nil, 0x0fff),
  transaction = ProtoField.uint32("netlmm.transaction", "Transaction Number", base.DEC),
  options = ProtoField.none("netlmm.options", "Options"),
  opt_type = ProtoField.uint8("netlmm.opt.type", "Option Type", base.DEC, option_names),
  opt_len = ProtoField.uint8("netlmm.opt.len", "Option Len", base.DEC),
  mn_id = ProtoField.bytes("netlmm.opt.mn_id", "MN identifier"),
  ip_address = ProtoField.string("netlmm.opt.ip_address", "IP address (pHoA)"),
  container = ProtoField.none("netlmm.opt.container", "Container (PBA)"),
  status = ProtoField.uint8("netlmm.opt.status", "Status", base.DEC, statuses),
  client = ProtoField.ipv6("netlmm.opt.client", "PMIP client address"),
  data = ProtoField.bytes("netlmm.opt.data", "Option Data"),
}
local option_items = {}
for code, id in pairs(option_fields) do
  option_items[code] = ProtoField.none("netlmm.options." .. id, option_names[code])
end
option_items.unknown = ProtoField.none("netlmm.options.unknown", "Unknown option")

local fields = {}
for _, v in pairs(f) do fields[#fields + 1] = v end
for _, v in pairs(option_items) do fields[#fields + 1] = v end
netlmm.fields = fields

local e_short = ProtoExpert.new("netlmm.len.invalid", "Length says more octets than the message has", expert.group.MALFORMED, expert.severity.ERROR)
local e_opt = ProtoExpert.new("netlmm.opt.len.invalid", "Option runs past the end of the message", expert.group.MALFORMED, expert.severity.ERROR)
local e_ip = ProtoExpert.new("netlmm.opt.ip_address.len.invalid", "An IP address option holds 4 or 16 octets", expert.group.MALFORMED, expert.severity.ERROR)
local e_version = ProtoExpert.new("netlmm.version.invalid", "This draft defines version 1", expert.group.PROTOCOL, expert.severity.WARN)
netlmm.experts = { e_short, e_opt, e_ip, e_version }

local mip6 = Dissector.get("mip6")

-- An MN identifier as text when it is printable, else nil.
local function printable(range)
  local s = range:string()
  if #s > 0 and not s:find("[^\32-\126]") then return s end
  return nil
end

local function option(code, buf, tree, pinfo, notes)
  local len = buf:len()
  if code == 1 then
    local item = tree:add(f.mn_id, buf)
    local text = printable(buf)
    if text then
      item:append_text(' ("' .. text .. '")')
      notes[#notes + 1] = 'MN="' .. text .. '"'
    end
  elseif code == 2 then
    if len == 16 then
      local a = tostring(buf:ipv6())
      tree:add(f.ip_address, buf, a)
      notes[#notes + 1] = "pHoA=" .. a
    elseif len == 4 then
      local a = tostring(buf:ipv4())
      tree:add(f.ip_address, buf, a)
      notes[#notes + 1] = "pHoA=" .. a
    else
      tree:add_proto_expert_info(e_ip)
    end
  elseif code == 3 then
    local item = tree:add(f.container, buf)
    if mip6 and len > 0 then mip6:call(buf:tvb(), pinfo, item) end
    notes[#notes + 1] = "carrying PBA"
  elseif code == 4 and len == 1 then
    tree:add(f.status, buf)
    notes[#notes + 1] = "status=" .. (statuses[buf:uint()] or buf:uint())
  elseif code == 5 and len == 16 then
    tree:add(f.client, buf)
  elseif len > 0 then
    tree:add(f.data, buf)
  end
end

function netlmm.dissector(tvb, pinfo, tree)
  local total = tvb:len()
  if total < 8 then return 0 end
  local kind = tvb(0, 1):uint()
  local name = types[kind] or ("Type " .. kind)
  pinfo.cols.protocol = "NETLMM"
  local root = tree:add(netlmm, tvb(), "NETLMM MAG-PMIP client protocol, " .. name)
  root:add(f.type, tvb(0, 1))
  local length_item = root:add(f.length, tvb(1, 1))
  local length = tvb(1, 1):uint()
  local word = root:add(f.word, tvb(2, 2))
  word:add(f.version, tvb(2, 2))
  word:add(f.stateless, tvb(2, 2))
  word:add(f.reserved, tvb(2, 2))
  if tvb(2, 2):bitfield(0, 3) ~= 1 then word:add_proto_expert_info(e_version) end
  root:add(f.transaction, tvb(4, 4))
  local notes = { name .. " txn=" .. tvb(4, 4):uint() }
  if tvb(2, 2):bitfield(3, 1) == 1 then notes[#notes + 1] = "stateless" end
  local stop = length
  if length > total or length < 8 then
    length_item:add_proto_expert_info(e_short)
    stop = total
  end
  if stop > 8 then
    local list = root:add(f.options, tvb(8, stop - 8))
    local at = 8
    while at < stop do
      local code = tvb(at, 1):uint()
      if at + 2 > stop then
        list:add_proto_expert_info(e_opt)
        break
      end
      local len = tvb(at + 1, 1):uint()
      local size = math.min(2 + len, stop - at)
      local item = list:add(option_items[code] or option_items.unknown, tvb(at, size))
      item:add(f.opt_type, tvb(at, 1))
      item:add(f.opt_len, tvb(at + 1, 1))
      if 2 + len > stop - at then
        item:add_proto_expert_info(e_opt)
        break
      end
      if len > 0 then option(code, tvb(at + 2, len), item, pinfo, notes) end
      at = at + 2 + len
    end
  end
  -- After the Mobility Header dissector, which writes its own name in both columns.
  pinfo.cols.protocol = "NETLMM"
  pinfo.cols.info = table.concat(notes, " ")
  return stop
end

DissectorTable.get("sctp.port"):add(NETLMM_SCTP_PORT, netlmm)
