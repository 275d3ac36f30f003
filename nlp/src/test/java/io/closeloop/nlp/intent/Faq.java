package io.closeloop.nlp.intent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small shop FAQ in English and Chinese, written for these tests: six intents, eight examples each per language. */
final class Faq {
    static final Map<String, List<String>> ENGLISH = Map.of(
            "track_order", List.of(
                    "Where is my order?",
                    "How can I track my parcel?",
                    "My package hasn't arrived yet",
                    "When will my delivery arrive?",
                    "Can you tell me the status of my shipment?",
                    "I haven't received my order",
                    "Where's my package right now",
                    "Is my order on its way?"),
            "refund_request", List.of(
                    "I want my money back",
                    "How do I get a refund?",
                    "Can I return this item for a refund?",
                    "Please refund my order",
                    "The product is broken, I want a refund",
                    "How long does a refund take?",
                    "I'd like to return the shoes I bought",
                    "Refund request for a damaged item"),
            "change_address", List.of(
                    "I need to change my delivery address",
                    "Can I update the shipping address on my order?",
                    "I moved, how do I edit my address?",
                    "Wrong address on my order, please fix it",
                    "Send it to my office instead of my home",
                    "How to modify the address after ordering",
                    "I typed the wrong street name",
                    "Can you deliver to a different address?"),
            "cancel_order", List.of(
                    "I want to cancel my order",
                    "How do I cancel a purchase?",
                    "Please cancel the order I just placed",
                    "Can I still cancel before it ships?",
                    "I ordered by mistake, cancel it",
                    "Cancel my subscription order",
                    "Stop my order please",
                    "Is it too late to cancel?"),
            "payment_methods", List.of(
                    "What payment methods do you accept?",
                    "Can I pay with PayPal?",
                    "Do you take credit cards?",
                    "Is cash on delivery available?",
                    "Can I pay with Apple Pay?",
                    "My card was declined, what other ways can I pay?",
                    "Do you accept debit cards?",
                    "Can I split the payment?"),
            "opening_hours", List.of(
                    "What are your opening hours?",
                    "When does the store open?",
                    "Are you open on Sunday?",
                    "What time do you close today?",
                    "Is the shop open on public holidays?",
                    "How late are you open?",
                    "When can I visit the store?",
                    "Store hours please"));

    static final Map<String, List<String>> CHINESE = Map.of(
            "track_order", List.of(
                    "我的订单到哪了",
                    "快递什么时候到",
                    "怎么查物流信息",
                    "我的包裹还没收到",
                    "订单状态怎么看",
                    "东西发货了吗",
                    "物流好几天没更新了",
                    "帮我查一下快递到哪里了"),
            "refund_request", List.of(
                    "我要退款",
                    "怎么申请退货退款",
                    "东西坏了能退钱吗",
                    "退款多久能到账",
                    "不想要了可以退吗",
                    "商品有质量问题，申请退款",
                    "钱什么时候退给我",
                    "七天无理由退货怎么操作"),
            "change_address", List.of(
                    "我想改一下收货地址",
                    "地址填错了怎么办",
                    "能不能修改配送地址",
                    "换个地址送可以吗",
                    "下单后还能改地址吗",
                    "请帮我把地址改成公司",
                    "收货人电话和地址要更新",
                    "送到另一个地址行吗"),
            "cancel_order", List.of(
                    "我要取消订单",
                    "怎么取消刚下的单",
                    "下错单了，帮我取消",
                    "还没发货能取消吗",
                    "不要了，取消吧",
                    "订单可以撤销吗",
                    "取消订单会扣钱吗",
                    "麻烦把这个订单取消掉"),
            "payment_methods", List.of(
                    "支持哪些支付方式",
                    "可以用微信支付吗",
                    "能用支付宝付款吗",
                    "支持货到付款吗",
                    "信用卡可以付吗",
                    "银行卡支付失败怎么办",
                    "可以分期付款吗",
                    "能用花呗吗"),
            "opening_hours", List.of(
                    "你们几点开门",
                    "营业时间是几点到几点",
                    "周末营业吗",
                    "今天几点关门",
                    "节假日开不开门",
                    "门店晚上开到几点",
                    "什么时候可以去店里",
                    "春节期间营业吗"));

    private Faq() {
    }

    static List<IntentExample> examples() {
        List<IntentExample> examples = new ArrayList<>();
        ENGLISH.forEach((intent, texts) -> texts.forEach(t -> examples.add(new IntentExample(intent, "en", t))));
        CHINESE.forEach((intent, texts) -> texts.forEach(t -> examples.add(new IntentExample(intent, "zh-CN", t))));
        examples.sort(java.util.Comparator.comparing(IntentExample::intent).thenComparing(IntentExample::text));
        return examples;
    }
}
